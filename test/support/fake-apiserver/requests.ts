/** What the fake API server records of each request, the tests' interceptors, and its answer helpers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  authorization: string | undefined;
  /** CN of the client certificate the client presented, if it was verified. */
  clientCertificate: string | undefined;
  contentType: string | undefined;
}

/** An answer an interceptor gives instead of the server: `body` as JSON, else a Status with `reason`. */
export interface InterceptedAnswer {
  code: number;
  reason?: string;
  body?: unknown;
}

/** Runs before a matching request; returning an answer answers it with that instead. */
export type Interceptor = (request: ReceivedRequest) => InterceptedAnswer | void;

export class RequestLog {
  /** Every request as `METHOD path?query`, in order. */
  readonly requests: string[] = [];
  readonly received: ReceivedRequest[] = [];
  private readonly interceptors: { method: string; path: RegExp; times: number; action: Interceptor }[] = [];

  intercept(method: string, path: RegExp, action: Interceptor, times: number): void {
    this.interceptors.push({ method, path, times, action });
  }

  /** Records a request, then runs the interceptors that match it; the first answer given wins. */
  receive(req: IncomingMessage): { received: ReceivedRequest; answer: InterceptedAnswer | undefined } {
    const socket = req.socket as Partial<TLSSocket>;
    const peer = socket.authorized === true ? (req.socket as TLSSocket).getPeerCertificate() : undefined;
    const received = {
      method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization,
      clientCertificate: typeof peer?.subject?.CN === 'string' ? peer.subject.CN : undefined, contentType: req.headers['content-type'],
    };
    this.requests.push(`${received.method} ${received.url}`);
    this.received.push(received);
    for (const interceptor of this.interceptors) {
      if (interceptor.times <= 0 || interceptor.method !== received.method || !interceptor.path.test(received.url)) continue;
      interceptor.times -= 1;
      const answer = interceptor.action(received);
      if (answer !== undefined) return { received, answer };
    }
    return { received, answer: undefined };
  }
}

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
}

export function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Answers with a Kubernetes Status, as the API server answers every failure. */
export function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
}
