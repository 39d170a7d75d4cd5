import { expect } from 'chai';
import { credentialsFromSecrets, matchCredential, parseKeyringKey } from '../../src/registry/keyring.js';
import type { PullSecret } from '../../src/registry/types.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function configJson(name: string, auths: Record<string, string>): PullSecret {
  const entries = Object.fromEntries(Object.entries(auths).map(([key, user]) => [key, { auth: b64(`${user}:pw-${user}`) }]));
  return { name, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify({ auths: entries })) } };
}

function dockercfg(name: string, auths: Record<string, string>): PullSecret {
  const entries = Object.fromEntries(Object.entries(auths).map(([key, user]) => [key, { username: user, password: `pw-${user}` }]));
  return { name, type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify(entries)) } };
}

describe('keyring: pull secrets matched the way the kubelet matches them', () => {
  const secrets = [
    configJson('hub', { 'https://index.docker.io/v1/': 'hub-user' }),
    configJson('corp', { 'registry.example.com': 'corp', 'registry.example.com/team': 'team', 'registry.example.com/team/app': 'app' }),
    dockercfg('legacy', { 'quay.io': 'quay-user', '*.mirror.example.com': 'mirror', 'local.example.com:5000': 'ported' }),
  ];
  const credentials = credentialsFromSecrets(secrets);
  const cases: { name: string; registry: string; repository: string; want: string | undefined }[] = [
    { name: 'https://index.docker.io/v1/ serves docker.io images', registry: 'docker.io', repository: 'library/ruby', want: 'hub-user' },
    { name: 'index.docker.io is the same registry as docker.io', registry: 'index.docker.io', repository: 'library/ruby', want: 'hub-user' },
    { name: 'the longest path prefix wins', registry: 'registry.example.com', repository: 'team/app', want: 'app' },
    { name: 'a shorter path prefix applies below it', registry: 'registry.example.com', repository: 'team/other', want: 'team' },
    { name: 'a path prefix matches whole segments only', registry: 'registry.example.com', repository: 'teamster/app', want: 'corp' },
    { name: 'the legacy dockercfg format is read', registry: 'quay.io', repository: 'acme/app', want: 'quay-user' },
    { name: 'a wildcard matches one label', registry: 'eu.mirror.example.com', repository: 'x', want: 'mirror' },
    { name: 'a wildcard does not match two labels', registry: 'a.eu.mirror.example.com', repository: 'x', want: undefined },
    { name: 'a key with a port matches that port', registry: 'local.example.com:5000', repository: 'x', want: 'ported' },
    { name: 'a key with a port does not match another port', registry: 'local.example.com:5001', repository: 'x', want: undefined },
    { name: 'a key without a port does not match a ported registry', registry: 'quay.io:8443', repository: 'x', want: undefined },
    { name: 'no key for the host gives no credential', registry: 'ghcr.io', repository: 'x', want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => expect(matchCredential(credentials, c.registry, c.repository)?.username).to.equal(c.want));
  }

  it('reads the password from auth, and username/password fields', () => {
    expect(matchCredential(credentials, 'docker.io', 'library/x')?.password).to.equal('pw-hub-user');
    expect(matchCredential(credentials, 'quay.io', 'x')?.password).to.equal('pw-quay-user');
  });

  it('skips malformed secrets and entries instead of failing', () => {
    const bad: PullSecret[] = [
      { name: 'not-json', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{nope') } },
      { name: 'no-data', type: 'kubernetes.io/dockerconfigjson', data: {} },
      { name: 'opaque', type: 'Opaque', data: { '.dockerconfigjson': b64('{"auths":{"x.io":{"auth":"dTpw"}}}') } },
      { name: 'array', type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('[1,2]') } },
      { name: 'no-colon', type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify({ 'y.io': { auth: b64('nocolon') } })) } },
    ];
    expect(credentialsFromSecrets(bad)).to.deep.equal([]);
  });

  const keys: { key: string; want: ReturnType<typeof parseKeyringKey> }[] = [
    { key: 'https://index.docker.io/v1/', want: { host: 'docker.io', port: '', path: '' } },
    { key: 'registry-1.docker.io', want: { host: 'docker.io', port: '', path: '' } },
    { key: 'http://Registry.Example.com:5000/team/', want: { host: 'registry.example.com', port: '5000', path: 'team' } },
    { key: '[::1]:5000', want: { host: '[::1]', port: '5000', path: '' } },
    { key: 'https://[0:0::1]:05000/acme', want: { host: '[::1]', port: '5000', path: 'acme' } },
    { key: '127.1:5000', want: { host: '127.0.0.1', port: '5000', path: '' } },
  ];
  for (const c of keys) {
    it(`splits the key ${c.key}`, () => expect(parseKeyringKey(c.key)).to.deep.equal(c.want));
  }
});
