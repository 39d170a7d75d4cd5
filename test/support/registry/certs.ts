import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Files of a throwaway PKI for one test registry: a CA, a server certificate it signed, a token signer. */
export interface TestPki {
  caFile: string;
  caPem: string;
  serverCertFile: string;
  serverKeyFile: string;
  tokenCertFile: string;
  tokenKeyFile: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/**
 * Makes a CA and a server certificate for `127.0.0.1` and `localhost` (the only names tests dial),
 * plus a self-signed RS256 signer for Bearer tokens. Generated per run with openssl, so no key is
 * ever committed; RSA 2048 and 2-day validity keep it quick and enough for a test run.
 */
export async function createTestPki(dir: string): Promise<TestPki> {
  const days = ['-days', '2'];
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', ...days, '-subj', '/CN=isw-test-registry-ca',
    '-keyout', 'ca.key', '-out', 'ca.crt']);
  await openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key',
    '-out', 'server.csr']);
  await writeFile(join(dir, 'server.ext'), [
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    'basicConstraints=CA:FALSE',
    'keyUsage=digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    '',
  ].join('\n'));
  await openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    ...days, '-extfile', 'server.ext', '-out', 'server.crt']);
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', ...days, '-subj', '/CN=isw-test-token-signer',
    '-keyout', 'token.key', '-out', 'token.crt']);
  return {
    caFile: join(dir, 'ca.crt'),
    caPem: await readFile(join(dir, 'ca.crt'), 'utf8'),
    serverCertFile: join(dir, 'server.crt'),
    serverKeyFile: join(dir, 'server.key'),
    tokenCertFile: join(dir, 'token.crt'),
    tokenKeyFile: join(dir, 'token.key'),
  };
}
