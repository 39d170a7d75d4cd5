/**
 * The integrated registry companion as `imagestream-webhook registry` starts it (its composition
 * root), against the fake API server (TokenReviews and SubjectAccessReviews answered by the test),
 * with throwaway files: serving certificate, EC P-256 token key and its self-signed certificate
 * (the registry's rootcertbundle), events token, kubeconfig. Plus a small HTTPS/HTTP client.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistryCompanion, type RunningRegistryCompanion } from '../../src/cli/registry.js';
import { createLogger } from '../../src/log.js';
import { FakeApiServer, type SubjectAccessReviewSpec } from '../support/fake-apiserver.js';
import { LogLines, makeCertificates } from '../http/support.js';

export const SERVICE = 'imagestream-registry';
export const ISSUER = 'imagestream-webhook';
export const EVENTS_TOKEN = 'events-shared-secret';

/**
 * Who may do what in namespace `myproject` of the test cluster, as `kubectl auth can-i` reads it:
 * alice and erin as `edit` grants, bob with only `update imagestreams/layers` (and get), carol
 * with nothing. Each has the bearer token `<name>-token`.
 */
export const RIGHTS: Readonly<Record<string, readonly string[]>> = {
  alice: ['get imagestreams/layers', 'update imagestreams/layers', 'create imagestreams'],
  erin: ['get imagestreams/layers', 'update imagestreams/layers', 'create imagestreams'],
  bob: ['get imagestreams/layers', 'update imagestreams/layers'],
  carol: [],
};

/** The fake API server's SubjectAccessReview answers for RIGHTS. */
export function allowByRights(spec: SubjectAccessReviewSpec): boolean {
  const a = spec.resourceAttributes ?? {};
  const question = `${a.verb ?? ''} ${a.resource ?? ''}${a.subresource === undefined ? '' : `/${a.subresource}`}`;
  return a.group === 'image.openshift.io' && a.namespace === 'myproject' && (RIGHTS[spec.user ?? ''] ?? []).includes(question);
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running companion with its files and how to reach it. */
export interface RunningCompanion {
  companion: RunningRegistryCompanion;
  logs: LogLines;
  /** `https://localhost:PORT/token` (the certificate names localhost). */
  realm: string;
  eventsUrl: string;
  /** CA of the token server's serving certificate. */
  ca: string;
  /** The token key's self-signed certificate: the registry's rootcertbundle. */
  tokenCertFile: string;
  tokenPublicKeyPem: string;
  registryHostname: string;
  stop(): Promise<void>;
}

/** The companion against the fake API server, which answers TokenReviews and RBAC by RIGHTS. */
export interface CompanionHarness extends RunningCompanion {
  api: FakeApiServer;
}

/**
 * Starts the companion by its composition root for the cluster `kubeconfig` (YAML text), with
 * throwaway files: serving certificate, EC P-256 token key and its self-signed certificate,
 * events token (written with surrounding whitespace, which must be trimmed), kubeconfig.
 */
export async function startCompanionFor(kubeconfigYaml: string, registryHostname: string): Promise<RunningCompanion> {
  const dir = mkdtempSync(join(tmpdir(), 'isw-companion-'));
  const certificates = makeCertificates(join(dir, 'tls'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tokenKey = join(dir, 'token.key');
  const tokenCertFile = join(dir, 'token.crt');
  writeFileSync(tokenKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  execFileSync('openssl', ['req', '-x509', '-new', '-key', tokenKey, '-subj', '/CN=isw-test-registry-token', '-days', '2', '-out', tokenCertFile], { stdio: 'ignore' });
  const eventsTokenFile = join(dir, 'events.token');
  writeFileSync(eventsTokenFile, `  ${EVENTS_TOKEN}\n`);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigYaml, { mode: 0o600 });
  const logs = new LogLines();
  const loopback = { host: '127.0.0.1', port: 0 };
  const companion = await startRegistryCompanion({
    kubeconfig, listen: loopback, tlsCert: certificates.certFile, tlsKey: certificates.keyFile, tokenKey, registryHostname,
    eventsListen: loopback, eventsTokenFile, service: SERVICE, issuer: ISSUER, metricsListen: loopback,
    certificatePollMs: 60_000, shutdownGraceMs: 1000, logLevel: 'debug',
  }, {}, createLogger({ level: 'debug', destination: logs }));
  return {
    companion, logs, ca: certificates.ca, tokenCertFile, registryHostname,
    tokenPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    realm: `https://localhost:${companion.tokenPort}/token`,
    eventsUrl: `http://127.0.0.1:${companion.eventsPort}/events`,
    stop: async () => {
      await companion.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startCompanion(registryHostname = 'registry.example:5000'): Promise<CompanionHarness> {
  const api = new FakeApiServer();
  await api.start();
  for (const user of Object.keys(RIGHTS)) api.tokens.set(`${user}-token`, { username: user, groups: ['system:authenticated'] });
  api.allow = allowByRights;
  const running = await startCompanionFor(api.kubeconfig(), registryHostname);
  return {
    ...running, api,
    stop: async () => {
      await running.stop();
      await api.stop();
    },
  };
}

/** The companion's `imagestream_registry_events_total` count for `result`, read from its /metrics. */
export async function eventCount(running: RunningCompanion, result: string): Promise<number> {
  const text = (await send(`http://127.0.0.1:${running.companion.metricsPort}/metrics`)).body;
  return Number(new RegExp(`imagestream_registry_events_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
}

/** One request, its whole answer collected. */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const go = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = go(target, { method: options.method ?? 'GET', headers: options.headers, ...(options.ca === undefined ? {} : { ca: options.ca }), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Asks the token server for `scopes` with `password` as the Basic password (none: no Authorization). */
export function requestToken(harness: RunningCompanion, scopes: string[], password?: string, service = SERVICE): Promise<Answer> {
  const url = new URL(harness.realm);
  url.searchParams.set('service', service);
  url.searchParams.set('account', 'anyone');
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const headers: Record<string, string> = password === undefined ? {} : { authorization: `Basic ${Buffer.from(`anyone:${password}`).toString('base64')}` };
  return send(url.toString(), { headers, ca: harness.ca });
}

/** Posts a notification envelope with the events token (or `token`; null: no Authorization header). */
export function postEvents(harness: RunningCompanion, body: unknown, token: string | null = EVENTS_TOKEN): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/vnd.docker.distribution.events.v1+json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
  return send(harness.eventsUrl, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
