import { expect } from 'chai';
import type { LookupAddress } from 'node:dns';
import { AddressGuard, BlockedAddressError, type LookupFunction } from '../../src/registry/address-guard.js';

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
});
