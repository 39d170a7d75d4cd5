import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegistryRequestEvent } from '../../src/registry/index.js';
import type { ImageImportRequest, PullSecret } from '../../src/registry/types.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A pull secret as the controller hands it over (Secret `data`, base64 values), in either format. */
export function pullSecret(format: 'dockerconfigjson' | 'dockercfg', key: string, user: string, password: string): PullSecret {
  const entry = { auth: b64(`${user}:${password}`) };
  if (format === 'dockerconfigjson') {
    return { name: 'pull-json', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [key]: entry } })) } };
  }
  return { name: 'pull-cfg', type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify({ [key]: entry })) } };
}

/** An import request with the defaults the controller ships (PreserveOriginal, linux/amd64, no secrets). */
export function importRequest(reference: string, overrides: Partial<ImageImportRequest> = {}): ImageImportRequest {
  return { reference, insecure: false, importMode: 'PreserveOriginal', platform: { os: 'linux', architecture: 'amd64' }, pullSecrets: [], ...overrides };
}

/** Collects `onRequest` events so tests can count registry round trips. */
export function requestRecorder(): { events: RegistryRequestEvent[]; onRequest: (e: RegistryRequestEvent) => void;
  count(kind: RegistryRequestEvent['kind'], method?: string): number; reset(): void } {
  const events: RegistryRequestEvent[] = [];
  return {
    events,
    onRequest: (e) => events.push(e),
    count: (kind, method) => events.filter((e) => e.kind === kind && (method === undefined || e.method === method)).length,
    reset: () => events.splice(0, events.length),
  };
}

/** Awaits a promise that must reject, and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * A tiny HTTP server on 127.0.0.1 that answers `/v2/` and a paginated `tags/list` (`n`, `last`,
 * `Link: rel="next"`), for the pagination that distribution 2.8 does not implement.
 */
export async function startPaginatingFake(tags: readonly string[]): Promise<{ host: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (!url.pathname.endsWith('/tags/list')) return void res.writeHead(404).end();
    const n = Number(url.searchParams.get('n') ?? tags.length);
    const last = url.searchParams.get('last');
    const start = last === null ? 0 : tags.indexOf(last) + 1;
    const page = tags.slice(start, start + n);
    const more = start + n < tags.length;
    const link = more ? { link: `<${url.pathname}?n=${n}&last=${page[page.length - 1] ?? ''}>; rel="next"` } : {};
    res.writeHead(200, { 'content-type': 'application/json', ...link }).end(JSON.stringify({ name: 'acme/many', tags: page }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
