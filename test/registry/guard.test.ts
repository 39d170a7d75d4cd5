import { expect } from 'chai';
import type { LookupAddress } from 'node:dns';
import { AddressGuard, BlockedAddressError, type LookupFunction } from '../../src/registry/address-guard.js';
import { matchesRegistryPattern, registryPolicyRule } from '../../src/registry/registry-policy.js';

describe('refusals before any request', () => {
  describe('AddressGuard (D18: link-local and metadata refused, loopback and private allowed)', () => {
    const guard = new AddressGuard(false);
    const cases: { host: string; refused: string | undefined }[] = [
      { host: '169.254.169.254', refused: 'cloud metadata address' },
      { host: 'fd00:ec2::254', refused: 'cloud metadata address' },
      { host: '[fd00:ec2::254]', refused: 'cloud metadata address' },
      { host: '100.100.100.200', refused: 'cloud metadata address' },
      { host: '169.254.10.20', refused: 'link-local address' },
      { host: 'fe80::1', refused: 'link-local address' },
      { host: '::ffff:169.254.169.254', refused: 'cloud metadata address' },
      { host: 'metadata.google.internal', refused: 'cloud metadata host name' },
      { host: 'METADATA.google.internal.', refused: 'cloud metadata host name' },
      { host: '127.0.0.1', refused: undefined },
      { host: '::1', refused: undefined },
      { host: '10.1.2.3', refused: undefined },
      { host: '192.168.0.10', refused: undefined },
      { host: 'fd12::1', refused: undefined },
      { host: 'quay.io', refused: undefined },
    ];
    for (const c of cases) {
      it(`${c.host} → ${c.refused ?? 'allowed'}`, () => {
        const rule = guard.hostRule(c.host);
        if (c.refused === undefined) expect(rule).to.equal(undefined);
        else expect(rule).to.include(c.refused);
      });
    }

    it('the admin can allow link-local and metadata addresses', () => {
      expect(new AddressGuard(true).hostRule('169.254.169.254')).to.equal(undefined);
    });

    function lookupTo(addresses: string[]): LookupFunction {
      return (_host, options, callback) => {
        const all: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        if (options.all === true) callback(null, all);
        else callback(null, all[0]?.address ?? '', all[0]?.family);
      };
    }

    function resolve(lookup: LookupFunction, all: boolean): Promise<unknown> {
      return new Promise((done) => lookup('registry.test', { all }, (err, address) => done(err ?? address)));
    }

    it('checks every address a name resolves to, at connect time', async () => {
      const guarded = guard.guardLookup(lookupTo(['10.0.0.5', '169.254.169.254']));
      const err = await resolve(guarded, true);
      expect(err).to.be.instanceOf(BlockedAddressError);
      expect((err as BlockedAddressError).rule).to.include('169.254.169.254');
      expect(await resolve(guard.guardLookup(lookupTo(['169.254.1.1'])), false)).to.be.instanceOf(BlockedAddressError);
    });

    it('passes allowed answers through unchanged', async () => {
      expect(await resolve(guard.guardLookup(lookupTo(['127.0.0.1'])), false)).to.equal('127.0.0.1');
    });
  });

  describe('registry allow and block lists', () => {
    const patterns: { pattern: string; registry: string; want: boolean }[] = [
      { pattern: 'quay.io', registry: 'quay.io', want: true },
      { pattern: 'quay.io', registry: 'quay.io:443', want: true },
      { pattern: 'quay.io:443', registry: 'quay.io', want: false },
      { pattern: '127.0.0.1:5000', registry: '127.0.0.1:5000', want: true },
      { pattern: '127.0.0.1:5000', registry: '127.0.0.1:5001', want: false },
      { pattern: '*.example.com', registry: 'a.example.com', want: true },
      { pattern: '*.example.com', registry: 'a.b.example.com', want: true },
      { pattern: '*.example.com', registry: 'example.com', want: false },
      { pattern: '*.example.com', registry: 'badexample.com', want: false },
      { pattern: 'Docker.IO', registry: 'docker.io', want: true },
    ];
    for (const c of patterns) {
      it(`${c.pattern} ${c.want ? 'matches' : 'does not match'} ${c.registry}`, () => {
        expect(matchesRegistryPattern(c.pattern, c.registry)).to.equal(c.want);
      });
    }

    it('the block-list wins over the allow-list and names the rule', () => {
      const rule = registryPolicyRule({ allowedRegistries: ['*.example.com'], blockedRegistries: ['evil.example.com'] }, 'evil.example.com');
      expect(rule).to.equal('registry evil.example.com matches the blocked registry "evil.example.com"');
    });

    it('a non-empty allow-list refuses everything else', () => {
      const options = { allowedRegistries: ['quay.io'], blockedRegistries: [] };
      expect(registryPolicyRule(options, 'quay.io')).to.equal(undefined);
      expect(registryPolicyRule(options, 'ghcr.io')).to.equal('registry ghcr.io is not in the allowed registries');
    });

    it('empty lists allow every registry', () => {
      expect(registryPolicyRule({ allowedRegistries: [], blockedRegistries: [] }, 'ghcr.io')).to.equal(undefined);
    });
  });
});
