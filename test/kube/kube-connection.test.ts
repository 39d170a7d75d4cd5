import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/errors.js';
import { loadKubeConnection } from '../../src/kube/kube-connection.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'ctx',
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443', ...cluster } }],
    users: [{ name: 'u', user }],
    ...extra,
  };
}

describe('loadKubeConnection: the webhook reads kubeconfig without client-node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'isw-kubeconfig-'));
  writeFileSync(join(dir, 'ca.pem'), 'CA FROM FILE');
  writeFileSync(join(dir, 'token'), 'file-token\n');
  const load = (config: Record<string, unknown>, name = 'config'): ReturnType<typeof loadKubeConnection> => {
    writeFileSync(join(dir, name), stringify(config));
    return loadKubeConnection({ kubeconfig: join(dir, name), env: {} });
  };

  it('takes server, inline CA, client certificate and key of the current context', async () => {
    const connection = load(kubeconfig(
      { 'certificate-authority-data': b64('CA'), 'tls-server-name': 'kubernetes' },
      { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') },
    ));
    expect(connection.server.href).to.equal('https://127.0.0.1:6443/');
    expect([connection.ca?.toString(), connection.cert?.toString(), connection.key?.toString()]).to.deep.equal(['CA', 'CERT', 'KEY']);
    expect(connection.servername).to.equal('kubernetes');
    expect(connection.rejectUnauthorized).to.equal(true);
    expect(await connection.authorization()).to.equal(undefined);
  });

  it('resolves file paths against the kubeconfig directory and reads a token file', async () => {
    const connection = load(kubeconfig({ 'certificate-authority': 'ca.pem' }, { tokenFile: 'token' }));
    expect(connection.ca?.toString()).to.equal('CA FROM FILE');
    expect(await connection.authorization()).to.equal('Bearer file-token');
  });

  it('sends a bearer token or basic credentials, and honours insecure-skip-tls-verify', async () => {
    expect(await load(kubeconfig({}, { token: 'abc' })).authorization()).to.equal('Bearer abc');
    const basic = load(kubeconfig({ 'insecure-skip-tls-verify': true }, { username: 'admin', password: 'pw' }));
    expect(await basic.authorization()).to.equal(`Basic ${b64('admin:pw')}`);
    expect(basic.rejectUnauthorized).to.equal(false);
  });

  const broken: { name: string; config: Record<string, unknown>; problem: string }[] = [
    { name: 'no current context', config: kubeconfig({}, {}, { 'current-context': '' }), problem: 'no current-context' },
    { name: 'a context naming an undefined cluster', config: kubeconfig({}, {}, { clusters: [] }), problem: 'the current context names cluster "c", which is not defined' },
    { name: 'a cluster without server', config: kubeconfig({ server: undefined }, {}), problem: 'the current context names no cluster server' },
  ];
  for (const c of broken) {
    it(`reports ${c.name} as a ConfigError naming the file`, () => {
      let err: unknown;
      try {
        load(c.config, 'broken');
      } catch (caught) {
        err = caught;
      }
      expect(err).to.be.instanceOf(ConfigError);
      expect((err as ConfigError).source).to.equal(`--kubeconfig ${join(dir, 'broken')}`);
      expect((err as ConfigError).problems).to.deep.equal([c.problem]);
    });
  }

  it('merges every $KUBECONFIG file as kubectl does: first name and first current-context win, paths stay relative to their own file', async () => {
    const first = mkdtempSync(join(tmpdir(), 'isw-kubeconfig-a-'));
    const second = mkdtempSync(join(tmpdir(), 'isw-kubeconfig-b-'));
    writeFileSync(join(second, 'ca.pem'), 'CA OF THE SECOND FILE');
    writeFileSync(join(first, 'config'), stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'work',
      contexts: [{ name: 'work', context: { cluster: 'remote', user: 'me', namespace: 'team' } }],
      users: [{ name: 'me', user: { token: 'first-token' } }],
    }));
    writeFileSync(join(second, 'config'), stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'other',
      contexts: [{ name: 'other', context: { cluster: 'remote', user: 'me' } }],
      clusters: [{ name: 'remote', cluster: { server: 'https://10.0.0.1:6443', 'certificate-authority': 'ca.pem' } }],
      users: [{ name: 'me', user: { token: 'second-token' } }],
    }));
    const missing = join(first, 'absent');
    const connection = loadKubeConnection({ env: { KUBECONFIG: [join(first, 'config'), missing, join(second, 'config')].join(':') } });
    expect(connection.server.href).to.equal('https://10.0.0.1:6443/');
    expect(connection.ca?.toString()).to.equal('CA OF THE SECOND FILE');
    expect(connection.namespace).to.equal('team');
    expect(await connection.authorization()).to.equal('Bearer first-token');
    const chosen = loadKubeConnection({ context: 'other', env: { KUBECONFIG: [join(first, 'config'), join(second, 'config')].join(':') } });
    expect(chosen.namespace).to.equal(undefined);
  });

  it('refuses to guess when there is no kubeconfig and no cluster', () => {
    expect(() => loadKubeConnection({ env: { HOME: dir } })).to.throw(ConfigError, /neither \$KUBECONFIG nor ~\/.kube\/config exists/);
  });
});
