/**
 * The chart's rendered registry configuration, run by Debian's docker-registry on loopback: the
 * rendered config.yml, serving certificate, token certificate and key are accepted as they are (only
 * the in-pod paths and the listen address are rewritten), the registry challenges for tokens from the
 * companion's realm, and a token signed with the rendered key is accepted while another key's is not.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTokenSigner } from '../../src/integrated-registry/edges/token-signer.js';
import { freePort } from '../support/ports.js';
import { FULLNAME, HELM_BUILD_TIMEOUT_MS, findHelm, render } from './helm.js';
import type { Secret } from './objects.js';

interface Answer { status: number; authenticate: string | undefined }

function get(url: string, ca: string, authorization?: string): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { ca, servername: 'localhost', headers: authorization === undefined ? {} : { authorization }, timeout: 1000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, authenticate: res.headers['www-authenticate'] });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

describe('helm chart: the rendered registry configuration in Debian\'s docker-registry', function () {
  let dir = '';
  let child: ChildProcess | undefined;
  let stderr = '';
  let port = 0;
  let files: Record<string, string> = {};
  const v2 = (): string => `https://127.0.0.1:${port}/v2/`;

  before(async function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    const helm = findHelm();
    port = await freePort();
    const objects = await render(helm, { values: { 'registry.enabled': true, 'registry.hostname': `localhost:${port}`, 'registry.port': port } });
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === `${FULLNAME}-registry`) as Secret;
    files = Object.fromEntries(Object.entries(secret.data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
    dir = mkdtempSync(join(tmpdir(), 'iw-registry-config-'));
    mkdirSync(join(dir, 'storage'));
    for (const name of ['tls.crt', 'tls.key', 'token.crt']) writeFileSync(join(dir, name), files[name] ?? '');
    const config = (files['config.yml'] ?? '')
      .replaceAll('/etc/registry/tls/', `${dir}/`)
      .replaceAll('/etc/registry/token/', `${dir}/`)
      .replace('/var/lib/registry', join(dir, 'storage'))
      .replace(`0.0.0.0:${port}`, `127.0.0.1:${port}`);
    writeFileSync(join(dir, 'config.yml'), config);
    child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    for (let i = 0; i < 750; i += 1) {
      if (child.exitCode !== null) throw new Error(`docker-registry refused the rendered config: ${stderr}`);
      if (await get(v2(), files['ca.crt'] ?? '') !== undefined) return;
      await sleep(20);
    }
    throw new Error(`docker-registry did not serve: ${stderr}`);
  });

  after(() => {
    child?.kill('SIGKILL');
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('serves TLS with the generated certificate and sends clients to the companion\'s token realm', async () => {
    const answer = await get(v2(), files['ca.crt'] ?? '');
    expect(answer?.status).to.equal(401);
    expect(answer?.authenticate).to.equal('Bearer realm="https://localhost:5443/token",service="imagestream-registry"');
  });

  it('accepts a token signed with the rendered key (Helm\'s SEC1 EC key) for the rendered issuer and service, and refuses another key\'s', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { issuer: 'imagestream-webhook', audience: 'imagestream-registry', subject: 'alice', issuedAt: now, expiresIn: 300, access: [] };
    const signer = await createTokenSigner(files['token.key'] ?? '', 'token.key');
    expect((await get(v2(), files['ca.crt'] ?? '', `Bearer ${await signer.sign(claims)}`))?.status).to.equal(200);
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = await (await createTokenSigner(other, 'other.key')).sign(claims);
    expect((await get(v2(), files['ca.crt'] ?? '', `Bearer ${forged}`))?.status).to.equal(401);
  });
});
