import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';

/** Status and body of a finished request. */
export interface HttpResult {
  status: number;
  body: string;
}

/**
 * GETs a loopback URL: plain HTTP, or HTTPS verified against `caFile` (never with verification off).
 * Used for readiness probes of etcd, kube-apiserver and the webhook.
 */
export function get(url: string, options: { caFile?: string; token?: string; timeoutMs?: number } = {}): Promise<HttpResult> {
  const target = new URL(url);
  const headers = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'GET',
        headers,
        ca: options.caFile === undefined ? undefined : readFileSync(options.caFile),
        timeout: options.timeoutMs ?? 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
