import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PKI for an API server test: one CA signing two serving certificates and a client certificate. */
export interface KubePki {
  dir: string;
  caFile: string;
  caPem: string;
  /** Valid for IP 127.0.0.1. */
  server: { certFile: string; keyFile: string };
  /** Valid only for DNS `api.kubernetes.test`: reachable on 127.0.0.1 only with tls-server-name. */
  namedServer: { certFile: string; keyFile: string };
  /** A client certificate with CN `kube-admin`, as a kubeconfig's client-certificate. */
  client: { certFile: string; keyFile: string; cn: string };
}

async function sign(dir: string, name: string, subject: string, extensions: string[]): Promise<{ certFile: string; keyFile: string }> {
  const openssl = (args: string[]): Promise<unknown> => run('openssl', args, { cwd: dir });
  await openssl(['req', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
  await writeFile(join(dir, `${name}.ext`), [...extensions, 'basicConstraints=CA:FALSE', ''].join('\n'));
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
  return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
}

/** Generated per run with openssl, so no key is ever committed. */
export async function createKubePki(): Promise<KubePki> {
  const dir = await mkdtemp(join(tmpdir(), 'isw-kube-pki-'));
  await run('openssl', ['req', '-x509', '-new', '-nodes', '-days', '2', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-subj', '/CN=isw-test-kube-ca', '-keyout', 'ca.key', '-out', 'ca.crt'], { cwd: dir });
  const serverAuth = 'extendedKeyUsage=serverAuth';
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    caPem: await readFile(join(dir, 'ca.crt'), 'utf8'),
    server: await sign(dir, 'server', '/CN=kube-apiserver', ['subjectAltName=IP:127.0.0.1', serverAuth]),
    namedServer: await sign(dir, 'named', '/CN=kube-apiserver', ['subjectAltName=DNS:api.kubernetes.test', serverAuth]),
    client: { ...(await sign(dir, 'client', '/O=system:masters/CN=kube-admin', ['extendedKeyUsage=clientAuth'])), cn: 'kube-admin' },
  };
}
