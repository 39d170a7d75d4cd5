import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../ports.js';
import { createTestPki } from './certs.js';
import { HTPASSWD_LINE, renderConfig, TEST_PASSWORD, TEST_USER, TOKEN_ISSUER, TOKEN_SERVICE, type NotificationsConfig, type RegistryMode, type TokenAuthConfig } from './config.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export interface StartRegistryOptions {
  mode: RegistryMode;
  /** TLS on the registry port; defaults to false for `plain` and true for `tls`, `basic` and `token`. */
  tls?: boolean;
  /** Bearer token lifetime in seconds (token mode). */
  tokenExpiresIn?: number;
  /** Token mode with this token server instead of the tests' own (which is then not started). */
  tokenAuth?: TokenAuthConfig;
  /** Send the registry's notifications to this endpoint. */
  notifications?: NotificationsConfig;
}

/** A running `docker-registry` on 127.0.0.1, with everything a client needs to reach it. */
export interface TestRegistry {
  mode: RegistryMode;
  /** `127.0.0.1:PORT`: the registry part of image references. */
  host: string;
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  url: string;
  tls: boolean;
  /** The test CA (file and PEM) that signed the registry's TLS certificate and the token realm's; undefined for plain. */
  caFile: string | undefined;
  caPem: string | undefined;
  /** Credentials the registry (basic) or its token server (token) accepts. */
  user: string | undefined;
  password: string | undefined;
  /** Token requests answered (token mode), for tests that count round trips. */
  tokenCounts: TokenServer['counts'] | undefined;
  /** Kills the registry process but keeps its port and storage, to simulate an outage. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same storage (after `kill`). */
  restart(): Promise<void>;
  /** Kills everything and removes the temp directories. Safe to call twice. */
  stop(): Promise<void>;
}

/** One GET of `/v2/`: any HTTP answer (200, or 401 with auth) means the registry is serving. */
function ping(url: string, ca: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(`${url}/v2/`, { method: 'GET', ca, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function waitReady(url: string, ca: string | undefined, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`docker-registry exited before serving ${url}: ${stderr().slice(-800)}`);
    }
    if (await ping(url, ca)) return;
    await sleep(20);
  }
  throw new Error(`docker-registry did not answer ${url}/v2/ within 15 s: ${stderr().slice(-800)}`);
}

function spawnRegistry(configFile: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-4000);
  });
  child.on('error', (err) => {
    text += `\nspawn failed: ${err.message} (run hack/registry.sh to install docker-registry)`;
  });
  return { child, stderr: () => text };
}

/** Start, kill and restart of one registry process on a fixed config (port and storage survive a kill). */
function processControl(configFile: string, url: string, ca: string | undefined): { kill(): Promise<void>; restart(): Promise<void>; killNow(): void } {
  let current: ChildProcess | undefined;
  const kill = async (): Promise<void> => {
    const child = current;
    current = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const restart = async (): Promise<void> => {
    await kill();
    const started = spawnRegistry(configFile);
    current = started.child;
    try {
      await waitReady(url, ca, started.child, started.stderr);
    } catch (err) {
      await kill();
      throw err;
    }
  };
  return { kill, restart, killNow: () => void current?.kill('SIGKILL') };
}

/**
 * Picks a free port, writes the config for it and starts the registry; another process can take the
 * port between the pick and the bind, so an "address already in use" start is retried on a new port.
 */
async function startOnFreePort(configFile: string, render: (port: number) => string, ca: string | undefined):
  Promise<{ port: number; url: string; control: ReturnType<typeof processControl> }> {
  for (let tries = 1; ; tries += 1) {
    const port = await freePort();
    await writeFile(configFile, render(port));
    const url = `${ca === undefined ? 'http' : 'https'}://127.0.0.1:${port}`;
    const control = processControl(configFile, url, ca);
    try {
      await control.restart();
      return { port, url, control };
    } catch (err) {
      if (tries >= 3 || !String(err).includes('address already in use')) throw err;
    }
  }
}

/**
 * Starts Debian's `docker-registry` on a free 127.0.0.1 port with a throwaway storage directory, in
 * one of four modes (plain HTTP, TLS with a test CA, htpasswd Basic over TLS, Bearer token auth with a
 * token server of the tests). Resolves once `/v2/` answers. The process is SIGKILLed on `stop()` and
 * when the test process exits, so a failed run leaves no registry behind.
 */
export async function startRegistry(options: StartRegistryOptions): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'isw-registry-'));
  const tls = options.tls ?? options.mode !== 'plain';
  const pki = tls || options.mode === 'token' ? await createTestPki(dir) : undefined;
  const htpasswdFile = join(dir, 'htpasswd');
  await writeFile(htpasswdFile, `${HTPASSWD_LINE}\n`);
  const tokenServer = options.mode === 'token' && pki !== undefined && options.tokenAuth === undefined
    ? await startTokenServer({ keyFile: pki.tokenKeyFile, certFile: pki.tokenCertFile, tlsCertFile: pki.serverCertFile,
      tlsKeyFile: pki.serverKeyFile, service: TOKEN_SERVICE,
      issuer: TOKEN_ISSUER, user: TEST_USER, password: TEST_PASSWORD, expiresIn: options.tokenExpiresIn })
    : undefined;
  const configFile = join(dir, 'config.yml');
  const removeAll = async (): Promise<void> => {
    await tokenServer?.close();
    await rm(dir, { recursive: true, force: true });
  };
  const started = await startOnFreePort(configFile, (port) => renderConfig({ port, storageDir: join(dir, 'storage'), tls,
    mode: options.mode, pki, htpasswdFile, tokenRealm: tokenServer?.realm, tokenAuth: options.tokenAuth, notifications: options.notifications }), tls ? pki?.caPem : undefined).catch(async (err: unknown) => {
    await removeAll();
    throw err;
  });
  const { port, url, control } = started;
  process.once('exit', control.killNow);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', control.killNow);
    await control.kill();
    await removeAll();
  };
  const auth = options.mode === 'basic' || (options.mode === 'token' && options.tokenAuth === undefined);
  return {
    mode: options.mode, host: `127.0.0.1:${port}`, url, tls, caFile: pki?.caFile, caPem: pki?.caPem,
    user: auth ? TEST_USER : undefined, password: auth ? TEST_PASSWORD : undefined,
    tokenCounts: tokenServer?.counts, kill: control.kill, restart: control.restart, stop,
  };
}
