import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { E2eContext } from './context.js';

/** What `kubectl create --dry-run=server` shows: the object the API server would store, and its warnings. */
export interface DryRun {
  status: number;
  object: { spec?: { containers?: { image?: string }[] } };
  /** The `Warning` headers' texts, as kubectl prints them after `Warning: `. */
  warnings: string[];
}

/**
 * The text of one `Warning: 299 - "<text>"` header (RFC 7234), unquoted as kubectl does. The
 * API server escapes `"` and `\` in the text with a backslash.
 */
export function warningText(header: string): string {
  const match = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(header);
  return match?.[1] === undefined ? header : match[1].replace(/\\(.)/g, '$1');
}

/** POSTs a Pod with `?dryRun=All` as the administrator: admission runs, nothing is stored. */
export function dryRunPod(ctx: E2eContext, namespace: string, image: string): Promise<DryRun> {
  const body = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dry-run', namespace },
    spec: { containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent' }] },
  };
  return createWithWarnings(ctx, `/api/v1/namespaces/${namespace}/pods?dryRun=All`, body);
}

/**
 * POSTs `body` to `path` (a collection, with `?dryRun=All` to store nothing) as the administrator
 * and answers with the stored object and the warnings, as `kubectl create` prints them.
 */
export function createWithWarnings(ctx: E2eContext, path: string, body: object): Promise<DryRun> {
  const plane = ctx.environment.run.controlPlane;
  const url = new URL(`${plane.apiServer.url}${path}`);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', ca: readFileSync(plane.pki.ca.cert),
      headers: { authorization: `Bearer ${plane.apiServer.users.admin.token}`, 'content-type': 'application/json' },
    }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => {
        const warnings: string[] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i]?.toLowerCase() === 'warning') warnings.push(warningText(res.rawHeaders[i + 1] ?? ''));
        }
        resolve({ status: res.statusCode ?? 0, object: JSON.parse(text) as DryRun['object'], warnings });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
