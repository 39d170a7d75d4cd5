/**
 * Every kubeconfig form a cluster admin uses, as kubectl reads it, driven against a local API
 * server on loopback: each case writes a kubeconfig, loads it the way every command does, makes a
 * request and checks what arrived (credentials, client certificate, route through a proxy).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { ApiServerError } from '../../src/kube/api-server-error.js';
import { loadKubeConnection } from '../../src/kube/kube-connection.js';
import { IMAGE_STREAMS } from '../../src/kube/resource-types.js';
import { getObject } from '../../src/kube/resources.js';
import { createRestClient } from '../../src/kube/rest-client.js';
import { imageStream } from '../helpers/builders.js';
import { FakeApiServer, type ReceivedRequest } from '../support/fake-apiserver.js';
import { ForwardProxy } from '../support/forward-proxy.js';
import { createKubePki, type KubePki } from '../support/kube-pki.js';

type Fields = Record<string, unknown>;

interface Servers {
  pki: KubePki;
  plain: FakeApiServer;
  tls: FakeApiServer;
  named: FakeApiServer;
  proxy: ForwardProxy;
  authProxy: ForwardProxy;
}

const b64 = (file: string): string => readFileSync(file).toString('base64');
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function kubeconfig(server: string, cluster: Fields, user: Fields): object {
  return {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'admin',
    clusters: [{ name: 'local', cluster: { server, ...cluster } }],
    users: [{ name: 'admin', user }],
    contexts: [{ name: 'admin', context: { cluster: 'local', user: 'admin', namespace: 'team-a' } }],
  };
}

interface FormCase {
  name: string;
  server(s: Servers): FakeApiServer;
  cluster(s: Servers): Fields;
  user(s: Servers): Fields;
  want: { authorization?: string; clientCertificate?: string; proxied?(s: Servers, api: FakeApiServer): string };
}

const withCa = (s: Servers): Fields => ({ 'certificate-authority': 'ca.crt' });

const cases: FormCase[] = [
  { name: 'an http:// server (kubectl proxy) gets plain HTTP and no credentials', server: (s) => s.plain, cluster: () => ({}), user: () => ({}), want: {} },
  { name: 'a CA file (relative to the kubeconfig) and a bearer token', server: (s) => s.tls, cluster: withCa, user: () => ({ token: 'token-1' }), want: { authorization: 'Bearer token-1' } },
  { name: 'CA data inline', server: (s) => s.tls, cluster: (s) => ({ 'certificate-authority-data': b64(s.pki.caFile) }), user: () => ({ token: 'token-2' }), want: { authorization: 'Bearer token-2' } },
  {
    name: 'a client certificate and key from files', server: (s) => s.tls, cluster: withCa,
    user: () => ({ 'client-certificate': 'client.crt', 'client-key': 'client.key' }), want: { clientCertificate: 'kube-admin' },
  },
  {
    name: 'a client certificate and key inline', server: (s) => s.tls, cluster: withCa,
    user: (s) => ({ 'client-certificate-data': b64(s.pki.client.certFile), 'client-key-data': b64(s.pki.client.keyFile) }), want: { clientCertificate: 'kube-admin' },
  },
  { name: 'a token file, read from disk', server: (s) => s.tls, cluster: withCa, user: () => ({ tokenFile: 'token' }), want: { authorization: 'Bearer token-from-file' } },
  { name: 'basic auth', server: (s) => s.tls, cluster: withCa, user: () => ({ username: 'admin', password: 's3cret' }), want: { authorization: basic('admin', 's3cret') } },
  { name: 'insecure-skip-tls-verify without any CA', server: (s) => s.tls, cluster: () => ({ 'insecure-skip-tls-verify': true }), user: () => ({ token: 'token-3' }), want: { authorization: 'Bearer token-3' } },
  {
    name: 'tls-server-name: the certificate names api.kubernetes.test, the server is dialled on 127.0.0.1', server: (s) => s.named,
    cluster: () => ({ 'certificate-authority': 'ca.crt', 'tls-server-name': 'api.kubernetes.test' }), user: () => ({ token: 'token-4' }), want: { authorization: 'Bearer token-4' },
  },
  {
    name: 'proxy-url to an https:// server: a CONNECT tunnel, TLS end to end', server: (s) => s.tls,
    cluster: (s) => ({ 'certificate-authority': 'ca.crt', 'proxy-url': `http://127.0.0.1:${s.proxy.port}` }), user: () => ({ token: 'token-5' }),
    want: { authorization: 'Bearer token-5', proxied: (_, api) => `CONNECT 127.0.0.1:${api.port}` },
  },
  {
    name: 'proxy-url with credentials to an http:// server: forwarded by absolute URL', server: (s) => s.plain,
    cluster: (s) => ({ 'proxy-url': `http://proxy-user:proxy%20pw@127.0.0.1:${s.authProxy.port}` }), user: () => ({}),
    want: { proxied: (_, api) => `GET http://127.0.0.1:${api.port}/apis/image.openshift.io/v1/namespaces/myproject/imagestreams/ruby` },
  },
  {
    name: 'an exec credential plugin (a script printing an ExecCredential)', server: (s) => s.tls, cluster: withCa,
    user: (s) => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: join(s.pki.dir, 'credential-plugin.sh'), interactiveMode: 'Never' } }),
    want: { authorization: 'Bearer token-from-exec-plugin' },
  },
];

describe('kubeconfig forms: each reaches a local API server with the right credentials', function () {
  this.timeout(30_000);
  let s: Servers;
  let written = 0;

  before(async () => {
    const pki = await createKubePki();
    const tls = (files: { certFile: string; keyFile: string }) => ({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile), ca: pki.caPem });
    s = {
      pki,
      plain: new FakeApiServer({ protocol: 'http' }),
      tls: new FakeApiServer({ tls: tls(pki.server), clientCa: pki.caPem }),
      named: new FakeApiServer({ tls: tls(pki.namedServer) }),
      proxy: new ForwardProxy(),
      authProxy: new ForwardProxy(basic('proxy-user', 'proxy pw')),
    };
    for (const api of [s.plain, s.tls, s.named]) {
      api.put(imageStream('ruby', { local: true, repository: 'r/myproject/ruby', status: {} }));
      await api.start();
    }
    await s.proxy.start();
    await s.authProxy.start();
    writeFileSync(join(pki.dir, 'token'), 'token-from-file\n');
    const plugin = join(pki.dir, 'credential-plugin.sh');
    writeFileSync(plugin, `#!/bin/sh\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"token-from-exec-plugin"}}'\n`);
    chmodSync(plugin, 0o755);
  });
  after(async () => {
    for (const api of [s.plain, s.tls, s.named]) await api.stop();
    await s.proxy.stop();
    await s.authProxy.stop();
  });

  /** Writes the kubeconfig next to the PKI files (relative paths resolve there) and reads one stream through it. */
  async function fetchThrough(config: object, context?: string): Promise<unknown> {
    written += 1;
    const file = join(s.pki.dir, `kubeconfig-${written}`);
    writeFileSync(file, stringify(config));
    const client = createRestClient(loadKubeConnection({ kubeconfig: file, ...(context === undefined ? {} : { context }), env: {} }));
    try {
      return await getObject(client, IMAGE_STREAMS, { namespace: 'myproject', name: 'ruby' });
    } finally {
      client.close();
    }
  }

  const last = (api: FakeApiServer): ReceivedRequest | undefined => api.received.at(-1);

  for (const c of cases) {
    it(`${c.name}`, async () => {
      const api = c.server(s);
      const before = api.received.length;
      const stream = await fetchThrough(kubeconfig(api.url, c.cluster(s), c.user(s)));
      expect((stream as { metadata?: { name?: string } }).metadata?.name).to.equal('ruby');
      expect(api.received.length).to.equal(before + 1);
      expect(last(api)?.authorization).to.equal(c.want.authorization);
      expect(last(api)?.clientCertificate).to.equal(c.want.clientCertificate);
      if (c.want.proxied !== undefined) expect([...s.proxy.seen, ...s.authProxy.seen]).to.include(c.want.proxied(s, api));
    });
  }

  const refused: { name: string; config(s: Servers): object; says: RegExp }[] = [
    { name: 'an https:// server whose CA the kubeconfig does not name', config: (x) => kubeconfig(x.tls.url, {}, { token: 't' }), says: /certificate/ },
    { name: 'a certificate for another name, without tls-server-name', config: (x) => kubeconfig(x.named.url, withCa(x), { token: 't' }), says: /altnames|IP: 127\.0\.0\.1/ },
  ];
  for (const c of refused) {
    it(`refuses ${c.name} with an ApiServerError, sending nothing`, async () => {
      const api = s.named;
      const before = [s.tls.received.length, api.received.length];
      const err = await fetchThrough(c.config(s)).then(() => undefined, (caught: unknown) => caught);
      expect(err).to.be.instanceOf(ApiServerError);
      expect((err as Error).message).to.match(c.says);
      expect([s.tls.received.length, api.received.length]).to.deep.equal(before);
    });
  }

  it('--context picks a context other than the current one, with its cluster, user and namespace', async () => {
    const config = kubeconfig(s.plain.url, {}, { token: 'unused' }) as { clusters: object[]; users: object[]; contexts: object[] };
    config.clusters.push({ name: 'secure', cluster: { server: s.tls.url, 'certificate-authority': 'ca.crt' } });
    config.users.push({ name: 'ci', user: { token: 'ci-token' } });
    config.contexts.push({ name: 'ci', context: { cluster: 'secure', user: 'ci', namespace: 'builds' } });
    await fetchThrough(config, 'ci');
    expect(last(s.tls)?.authorization).to.equal('Bearer ci-token');
    const file = join(s.pki.dir, `kubeconfig-${written}`);
    expect(loadKubeConnection({ kubeconfig: file, context: 'ci', env: {} }).namespace).to.equal('builds');
    expect(loadKubeConnection({ kubeconfig: file, env: {} }).namespace).to.equal('team-a');
    expect(() => loadKubeConnection({ kubeconfig: file, context: 'nope', env: {} })).to.throw(/context "nope", which is not defined/);
  });
});
