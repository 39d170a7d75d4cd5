import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate and its key, as PEM file paths. */
export interface KeyPair {
  cert: string;
  key: string;
}

/** The run's private CA and the files the control plane needs; valid for two days, made fresh per run. */
export interface Pki {
  ca: KeyPair;
  apiServer: KeyPair;
  /** Key pair that signs and verifies ServiceAccount tokens. */
  serviceAccount: { privateKey: string; publicKey: string };
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed in ${cwd}: ${stderr.trim() || String(err)}`);
  }
}

/**
 * Issues a serving certificate signed by the run's CA for the given subject alternative names
 * (e.g. `IP:127.0.0.1`, `DNS:localhost`, `DNS:svc.ns.svc`).
 */
export async function issueServingCert(dir: string, ca: KeyPair, name: string, sans: string[]): Promise<KeyPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth\n`);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', pair.key,
    '-out', join(dir, `${name}.csr`)], dir);
  await openssl(['x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', ca.cert, '-CAkey', ca.key,
    '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', pair.cert], dir);
  return pair;
}

/** Creates the CA, the kube-apiserver serving certificate and the ServiceAccount signing keys in `dir`. */
export async function createPki(dir: string): Promise<Pki> {
  const ca = { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=e2e-ca',
    '-keyout', ca.key, '-out', ca.cert], dir);
  const apiServer = await issueServingCert(dir, ca, 'kube-apiserver',
    ['IP:127.0.0.1', 'DNS:localhost', 'DNS:kubernetes.default.svc']);
  const serviceAccount = { privateKey: join(dir, 'sa.key'), publicKey: join(dir, 'sa.pub') };
  await openssl(['genrsa', '-out', serviceAccount.privateKey, '2048'], dir);
  await openssl(['rsa', '-in', serviceAccount.privateKey, '-pubout', '-out', serviceAccount.publicKey], dir);
  return { ca, apiServer, serviceAccount };
}
