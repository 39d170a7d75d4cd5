import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { ApiServerError, errorFromAnswer } from './api-server-error.js';
import type { KubeConnection } from './kube-connection.js';
import { createTransport, type Transport } from './transport.js';

/** An answer of the API server: status code and body bytes. */
export interface RestAnswer {
  status: number;
  body: Buffer;
}

/** How a PATCH body is read: RFC 6902 operations, RFC 7386 merge, or server-side apply. */
export type PatchType = 'application/json-patch+json' | 'application/merge-patch+json' | 'application/apply-patch+yaml';

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Content type of a PATCH body; other bodies are `application/json`. */
  patchType?: PatchType;
  timeoutMs?: number;
  /** Aborts a streamed GET early (an informer being stopped mid-list). */
  signal?: AbortSignal;
  /** What the request does, for errors: `get imagestreams ns/name`. */
  operation: string;
}

/** Every call this project makes to the API server, over one pool of kept-alive connections. */
export interface RestClient {
  /** Sends a request and collects its answer, whatever its status (the typed helpers check it). */
  request(req: RestRequest): Promise<RestAnswer>;
  /**
   * A GET whose 200 answer is handed to `onChunk` as it arrives instead of being collected (a list
   * page is parsed item by item); any other status rejects with ApiServerError and its message.
   */
  stream(req: RestRequest, onChunk: (chunk: Buffer) => void): Promise<void>;
  /**
   * A watch: GET `path`, handing each newline-delimited line of the answer to `onLine` until the
   * API server ends it (resolves) or it fails or `signal` aborts (rejects). `onOpen` runs once the
   * API server accepted the watch. A non-200 answer rejects with ApiServerError carrying the
   * status (410 Gone means "list again").
   */
  watch(path: string, handlers: { onLine(line: Buffer): void; onOpen?(): void }, signal: AbortSignal, operation: string): Promise<void>;
  close(): void;
}

/** A list page of 500 streams is about 1.5 MB; anything far larger is not an answer we want in memory. */
const MAX_BODY_BYTES = 64 << 20;

/**
 * A watch that sends nothing (not even a bookmark, which the API server sends about every minute)
 * for this long is taken as a dead connection and opened again.
 */
const WATCH_IDLE_MS = 5 * 60_000;

/** Creates the client for one API server (see createTransport for the routes it takes). */
export function createRestClient(connection: KubeConnection, maxSockets = 16): RestClient {
  const transport = createTransport(connection, maxSockets);
  const headers = async (extra: OutgoingHttpHeaders): Promise<OutgoingHttpHeaders> => {
    const authorization = await connection.authorization();
    return { accept: 'application/json', ...extra, ...(authorization === undefined ? {} : { authorization }) };
  };
  return {
    request: async (req) => {
      const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
      const extra = payload === undefined ? {} : { 'content-type': req.patchType ?? 'application/json', 'content-length': payload.length };
      return send(transport, { method: req.method, path: req.path, headers: await headers(extra) }, payload, req.timeoutMs ?? 10_000, req.operation);
    },
    stream: async (req, onChunk) => {
      const timeout = AbortSignal.timeout(req.timeoutMs ?? 60_000);
      const signal = req.signal === undefined ? timeout : AbortSignal.any([timeout, req.signal]);
      const outgoing = { method: req.method, path: req.path, headers: await headers({}), signal };
      const response = await open(transport, outgoing, req.operation);
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
    watch: async (path, handlers, signal, operation) => {
      const response = await open(transport, { method: 'GET', path, headers: await headers({}), signal }, operation);
      response.setTimeout(WATCH_IDLE_MS, () => response.destroy(new Error(`watch silent for ${WATCH_IDLE_MS} ms`)));
      handlers.onOpen?.();
      await readLines(response, handlers.onLine, signal, operation);
    },
    close: () => transport.close(),
  };
}

function send(transport: Transport, outgoing: Parameters<Transport['request']>[0], payload: Buffer | undefined, timeoutMs: number, operation: string): Promise<RestAnswer> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => reject(new ApiServerError(operation, undefined, { cause: err }));
    const req = transport.request(outgoing, (res) => {
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

/** Starts a GET whose 200 answer is read by the caller; any other answer rejects with its Status. */
function open(transport: Transport, outgoing: Parameters<Transport['request']>[0], operation: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = transport.request(outgoing, (res) => {
      if (res.statusCode === 200) {
        resolve(res);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 64 << 10) chunks.push(chunk);
      });
      res.on('end', () => reject(errorFromAnswer(operation, res.statusCode ?? 0, Buffer.concat(chunks))));
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
