import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './helm.js';
import { handshake } from './tls-handshake.js';

const SCRIPT = `${REPO_ROOT}certs/generate.sh`;

describe('certs/generate.sh: development CA and serving certificate', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iw-certs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = (file: string) => readFileSync(join(dir, file), 'utf8');

  it('writes ca.crt, tls.crt and a 0600 tls.key for the Service, localhost and 127.0.0.1', () => {
    expect(execFileSync(SCRIPT, [dir, 'hook', 'team-a'], { encoding: 'utf8' }).trim()).to.equal(dir);
    const ca = new X509Certificate(read('ca.crt'));
    const cert = new X509Certificate(read('tls.crt'));
    expect(ca.ca).to.equal(true);
    expect(cert.ca).to.equal(false);
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).to.equal(true);
    expect(cert.checkPrivateKey(createPrivateKey(read('tls.key')))).to.equal(true);
    expect(cert.subjectAltName?.split(', ')).to.include.members([
      'DNS:localhost', 'IP Address:127.0.0.1', 'DNS:hook', 'DNS:hook.team-a', 'DNS:hook.team-a.svc', 'DNS:hook.team-a.svc.cluster.local',
    ]);
    expect(statSync(join(dir, 'tls.key')).mode & 0o777).to.equal(0o600);
  });

  it('serves TLS that a client trusting only ca.crt accepts, by name and by IP', async () => {
    execFileSync(SCRIPT, [dir, 'hook', 'team-a']);
    const serving = { cert: read('tls.crt'), key: read('tls.key') };
    await handshake(serving, read('ca.crt'), 'hook.team-a.svc');
    await handshake(serving, read('ca.crt'), 'localhost');
    await handshake(serving, read('ca.crt'));
  });

  it('keeps valid files for the same arguments and replaces them for others', () => {
    execFileSync(SCRIPT, [dir, 'hook', 'team-a']);
    const first = read('tls.crt');
    execFileSync(SCRIPT, [dir, 'hook', 'team-a']);
    expect(read('tls.crt')).to.equal(first);
    execFileSync(SCRIPT, [dir, 'hook', 'team-b']);
    expect(new X509Certificate(read('tls.crt')).subjectAltName).to.include('DNS:hook.team-b.svc');
    const caBefore = read('ca.crt');
    execFileSync(SCRIPT, [dir, 'hook', 'team-b'], { env: { ...process.env, FORCE: '1' } });
    expect(read('ca.crt')).to.not.equal(caBefore);
  });

  it('refuses a service name that is not a DNS label, saying which argument', () => {
    const result = spawnSync(SCRIPT, [dir, 'My_Service', 'team-a'], { encoding: 'utf8' });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include("SERVICE 'My_Service' is not a DNS label");
  });
});
