import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { ApiServerError } from './api-server-error.js';
import type { KubeConnection } from './kube-connection.js';
import { statusMessage } from './status-message.js';

/** An answer of the API server: status code and body bytes. */
export interface RestAnswer {
  status: number;
  body: Buffer;
}

export interface RestRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  timeoutMs?: number;
  /** What the request does, for errors: `get imagestreams ns/name`. */
  operation: string;
}

/** The few calls the webhook makes to the API server, over one pool of kept-alive TLS connections. */
export interface RestClient {
  request(req: RestRequest): Promise<RestAnswer>;
  /**
   * A GET whose 200 answer is handed to `onChunk` as it arrives instead of being collected (a list
   * page is parsed item by item); any other status rejects with ApiServerError and its message.
   */
  stream(req: RestRequest, onChunk: (chunk: Buffer) => void): Promise<void>;
  /**
   * A watch: GET `path`, handing each newline-delimited line of the answer to `onLine` until the
   * API server ends it (resolves) or it fails or `signal` aborts (rejects). A non-200 answer
   * rejects with ApiServerError carrying the status (410 Gone means "list again").
   */
  watch(path: string, onLine: (line: Buffer) => void, signal: AbortSignal, operation: string): Promise<void>;
  close(): void;
}

/** A list page of 500 streams is about 1.5 MB; anything far larger is not an answer we want in memory. */
const MAX_BODY_BYTES = 64 << 20;

/**
 * A watch that sends nothing (not even a bookmark, which the API server sends about every minute)
 * for this long is taken as a dead connection and opened again.
 */
const WATCH_IDLE_MS = 5 * 60_000;

/**
 * One keep-alive agent per API server: client-node 1.x builds a new https.Agent per call, so
 * every cache miss paid a TLS handshake (about 4 ms here, against about 1 ms kept alive).
 */
export function createRestClient(connection: KubeConnection, maxSockets = 16): RestClient {
  const agent = new Agent({
    keepAlive: true,
    maxSockets,
    ...(connection.ca === undefined ? {} : { ca: connection.ca }),
    ...(connection.cert === undefined ? {} : { cert: connection.cert }),
    ...(connection.key === undefined ? {} : { key: connection.key }),
    ...(connection.servername === undefined ? {} : { servername: connection.servername }),
    rejectUnauthorized: connection.rejectUnauthorized,
    minVersion: 'TLSv1.2',
  });
  const base = connection.server.pathname.replace(/\/$/, '');
  const options = async (method: string, path: string, extra: Record<string, string | number>): Promise<RequestOptions> => {
    const authorization = await connection.authorization();
    return {
      agent, method, host: connection.server.hostname.replace(/^\[|\]$/g, ''), port: connection.server.port || 443,
      path: `${base}${path}`, headers: { accept: 'application/json', ...extra, ...(authorization === undefined ? {} : { authorization }) },
    };
  };
  return {
    request: async (req) => {
      const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
      const extra: Record<string, string | number> = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': payload.length };
      return send(await options(req.method, req.path, extra), payload, req.timeoutMs ?? 10_000, req.operation);
    },
    stream: async (req, onChunk) => {
      const response = await open(await options(req.method, req.path, {}), AbortSignal.timeout(req.timeoutMs ?? 60_000), req.operation);
      await new Promise<void>((resolve, reject) => {
        response.on('data', (chunk: Buffer) => {
          try {
            onChunk(chunk);
          } catch (err) {
            response.destroy();
            reject(err);
          }
        });
        response.on('end', resolve);
        response.on('error', (err) => reject(new ApiServerError(req.operation, undefined, { cause: err })));
      });
    },
    watch: async (path, onLine, signal, operation) => {
      const response = await open(await options('GET', path, {}), signal, operation);
      await readLines(response, onLine, signal, operation);
    },
    close: () => agent.destroy(),
  };
}

function send(options: RequestOptions, payload: Buffer | undefined, timeoutMs: number, operation: string): Promise<RestAnswer> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => reject(new ApiServerError(operation, undefined, { cause: err }));
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', fail);
    req.end(payload);
  });
}

function open(options: RequestOptions, signal: AbortSignal, operation: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ ...options, signal }, (res) => {
      res.setTimeout(WATCH_IDLE_MS, () => res.destroy(new Error(`watch silent for ${WATCH_IDLE_MS} ms`)));
      if (res.statusCode === 200) {
        resolve(res);
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.length < 4 && chunks.push(chunk));
      res.on('end', () => reject(new ApiServerError(operation, res.statusCode, { cause: new Error(statusMessage(Buffer.concat(chunks))) })));
      res.on('error', (err) => reject(new ApiServerError(operation, res.statusCode, { cause: err })));
    });
    req.on('error', (err) => reject(new ApiServerError(operation, undefined, { cause: err })));
    req.end();
  });
}

/** Splits a streamed answer at newlines; a line may span chunks. */
function readLines(res: IncomingMessage, onLine: (line: Buffer) => void, signal: AbortSignal, operation: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let rest: Buffer | undefined;
    res.on('data', (chunk: Buffer) => {
      let data = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
      try {
        for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a)) {
          if (newline > 0) onLine(data.subarray(0, newline));
          data = data.subarray(newline + 1);
        }
      } catch (err) {
        res.destroy();
        reject(err);
        return;
      }
      rest = data.length > 0 ? Buffer.from(data) : undefined;
      if (rest !== undefined && rest.length > MAX_BODY_BYTES) res.destroy(new Error('watch event too large'));
    });
    res.on('end', () => (signal.aborted ? reject(new Error('watch stopped')) : resolve()));
    res.on('error', (err) => reject(new ApiServerError(operation, undefined, { cause: err })));
    res.on('close', () => {
      if (!res.complete) reject(new ApiServerError(operation, undefined, { cause: new Error('watch connection closed') }));
    });
  });
}
