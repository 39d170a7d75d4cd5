import { expect } from 'chai';
import { describe, it } from 'mocha';
import { canonicalHostPort, registryIdentity } from '../../src/core/registry-identity.js';
import { matchesRegistryPattern, registryPatternProblem, registryRefusal } from '../../src/core/registry-policy.js';

describe('registry identity: one name per registry', () => {
  const cases: { written: string; identity: string | undefined }[] = [
    { written: 'docker.io', identity: 'docker.io' },
    { written: 'index.docker.io', identity: 'docker.io' },
    { written: 'registry-1.docker.io', identity: 'docker.io' },
    { written: 'Docker.IO', identity: 'docker.io' },
    { written: 'docker.io:5000', identity: 'docker.io:5000' },
    { written: 'Quay.io', identity: 'quay.io' },
    { written: 'quay.io.', identity: 'quay.io' },
    { written: 'quay.io:443', identity: 'quay.io:443' },
    { written: '127.0.0.1:05000', identity: '127.0.0.1:5000' },
    { written: '127.1:5000', identity: '127.0.0.1:5000' },
    { written: '0x7f.0.0.1', identity: '127.0.0.1' },
    { written: '::1', identity: '[::1]' },
    { written: '[::1]', identity: '[::1]' },
    { written: '[::1]:5000', identity: '[::1]:5000' },
    { written: '[0:0:0:0:0:0:0:1]:5000', identity: '[::1]:5000' },
    { written: 'FE80::A', identity: '[fe80::a]' },
    { written: 'quay.io:99999', identity: undefined },
    { written: 'quay.io:x', identity: undefined },
    { written: '999.1.1.1', identity: undefined },
    { written: 'a b', identity: undefined },
    { written: 'quay.io/acme', identity: undefined },
    { written: 'user@quay.io', identity: undefined },
    { written: '', identity: undefined },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.written)} is ${c.identity ?? 'no registry'}`, () => {
      expect(registryIdentity(c.written)).to.equal(c.identity);
    });
  }

  it('keeps Docker Hub names apart from their canonical host, for wildcard suffixes', () => {
    expect(canonicalHostPort('index.docker.io')).to.equal('index.docker.io');
  });
});

describe('registry allow and block lists: one decision over registry identities', () => {
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
    { pattern: '*.example.com:5000', registry: 'a.example.com:5000', want: true },
    { pattern: '*.example.com:5000', registry: 'a.example.com', want: false },
    { pattern: 'Docker.IO', registry: 'docker.io', want: true },
    { pattern: 'index.docker.io', registry: 'docker.io', want: true },
    { pattern: 'registry-1.docker.io', registry: 'docker.io', want: true },
    { pattern: '*.docker.io', registry: 'docker.io', want: false },
    { pattern: '::1', registry: '[::1]:5000', want: true },
    { pattern: '[::1]', registry: '[::1]:5000', want: true },
    { pattern: '[::1]:5000', registry: '[::1]:5000', want: true },
    { pattern: '[0::1]:5000', registry: '[::1]:5000', want: true },
    { pattern: '[::1]:5001', registry: '[::1]:5000', want: false },
    { pattern: '::2', registry: '[::1]', want: false },
    { pattern: 'not a host', registry: 'quay.io', want: false },
  ];
  for (const c of patterns) {
    it(`${c.pattern} ${c.want ? 'matches' : 'does not match'} ${c.registry}`, () => {
      expect(matchesRegistryPattern(c.pattern, c.registry)).to.equal(c.want);
    });
  }

  it('the block-list wins over the allow-list and names the rule', () => {
    const rule = registryRefusal({ allowedRegistries: ['*.example.com'], blockedRegistries: ['evil.example.com'] }, 'evil.example.com');
    expect(rule).to.equal('registry evil.example.com matches the blocked registry "evil.example.com"');
  });

  it('a non-empty allow-list refuses everything else', () => {
    const lists = { allowedRegistries: ['quay.io'], blockedRegistries: [] };
    expect(registryRefusal(lists, 'quay.io')).to.equal(undefined);
    expect(registryRefusal(lists, 'ghcr.io')).to.equal('registry ghcr.io is not in the allowed registries');
  });

  it('empty lists allow every registry', () => {
    expect(registryRefusal({ allowedRegistries: [], blockedRegistries: [] }, 'ghcr.io')).to.equal(undefined);
  });

  it('says which patterns name no registry, so configuration can refuse them', () => {
    const problems = ['quay.io', '*.example.com', '[::1]:5000', '::1', 'quay.io:443', 'not a host', '127.0.0.1:*', '*.[::1]', 'https://quay.io']
      .filter((pattern) => registryPatternProblem(pattern) !== undefined);
    expect(problems).to.deep.equal(['not a host', '127.0.0.1:*', '*.[::1]', 'https://quay.io']);
  });
});
