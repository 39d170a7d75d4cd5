import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { WebhookError } from '../errors.js';
import { AddressGuard, BlockedAddressError, type LookupFunction } from './address-guard.js';

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const BODY_TOO_LARGE = 'EBODYTOOLARGE';

/**
 * Why a request got no usable HTTP answer; `tlsProtocol` marks a TLS handshake with a plain-HTTP
 * server. Retrying helps with neither that nor an oversized body, so those are not `retryable`.
 */
export class TransportError extends WebhookError {
  override name = 'TransportError';
  constructor(message: string, readonly code: string, readonly tlsProtocol: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }

  get retryable(): boolean {
    return !this.tlsProtocol && this.code !== BODY_TOO_LARGE;
  }

  /** Whether the registry answered (too much), as opposed to not being reachable at all. */
  get answered(): boolean {
    return this.code === BODY_TOO_LARGE;
  }
}


export interface TransportOptions {
  caBundle: string | undefined;
  guard: AddressGuard;
  lookup: LookupFunction | undefined;
  timeoutMs: number;
  maxSockets: number;
}

export interface SendOptions {
  method: 'GET' | 'HEAD';
  url: URL;
  headers: Record<string, string>;
  /** Skip certificate verification (only for imports marked insecure). */
  insecureTls: boolean;
  maxBodyBytes: number;
}

function describe(err: unknown): { code: string; message: string } {
  const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code : 'ERROR';
  return { code, message: err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err) };
}

/** Reads a response body up to `max` bytes; a longer body aborts the request (bounded memory). */
function collectBody(res: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      const tooLarge = new TransportError(`answered with a body over ${max} bytes`, BODY_TOO_LARGE, false);
      reject(tooLarge);
      res.destroy(tooLarge);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

/**
 * HTTP(S) with keep-alive agents: one plain, one verifying TLS (Node's roots plus the configured CA
 * bundle, TLS 1.2+), one not verifying (insecure imports only). Every connection resolves its host
 * through the address guard, and IP literals (which skip lookup) are checked before dialling.
 */
export class Transport {
  private readonly http: HttpAgent;
  private readonly verified: HttpsAgent;
  private readonly unverified: HttpsAgent;

  constructor(private readonly options: TransportOptions) {
    const lookup = options.guard.guardLookup(options.lookup);
    const common = { keepAlive: true, maxSockets: options.maxSockets, lookup };
    this.http = new HttpAgent(common);
    const ca = options.caBundle === undefined ? undefined : [...rootCertificates, options.caBundle];
    this.verified = new HttpsAgent({ ...common, ca, minVersion: 'TLSv1.2' });
    this.unverified = new HttpsAgent({ ...common, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
  }

  /** Sends one request; resolves with any HTTP answer, rejects with TransportError or BlockedAddressError. */
  send(req: SendOptions): Promise<TransportResponse> {
    const rule = this.options.guard.hostRule(req.url.hostname);
    if (rule !== undefined) return Promise.reject(new BlockedAddressError(req.url.hostname, rule));
    const https = req.url.protocol === 'https:';
    const agent = !https ? this.http : req.insecureTls ? this.unverified : this.verified;
    return new Promise((resolve, reject) => {
      const fail = (err: unknown): void => {
        if (err instanceof BlockedAddressError || err instanceof TransportError) return reject(err);
        const { code, message } = describe(err);
        const cause = err instanceof Error && err.cause instanceof BlockedAddressError ? err.cause : undefined;
        if (cause !== undefined) return reject(cause);
        reject(new TransportError(message, code, https && (code === 'EPROTO' || code.startsWith('ERR_SSL_')), { cause: err }));
      };
      const send = https ? httpsRequest : httpRequest;
      const request = send(req.url, { method: req.method, agent, headers: req.headers }, (res) => {
        collectBody(res, req.maxBodyBytes).then(
          (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }), fail);
      });
      request.on('error', fail);
      request.setTimeout(this.options.timeoutMs, () => {
        request.destroy(new TransportError(`no answer within ${this.options.timeoutMs} ms`, 'ETIMEDOUT', false));
      });
      request.end();
    });
  }

  close(): void {
    this.http.destroy();
    this.verified.destroy();
    this.unverified.destroy();
  }
}
