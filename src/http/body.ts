import type { IncomingMessage } from 'node:http';

/** Largest request body accepted: matches the API server's own 3 MiB request limit. */
export const MAX_ADMISSION_BODY_BYTES = 3 * 1024 * 1024;

/**
 * How much of a refused request body is read and thrown away before answering, so the client
 * finishes sending and reads the answer instead of a connection reset. Beyond it the answer goes
 * out at once and the connection closes. Discarded bytes are never held in memory.
 */
export const DRAIN_MAX_BYTES = 16 * 1024 * 1024;

/** The request body, or why it cannot be had: over the size limit, or the client went away. */
export type Body = { bytes: Buffer } | { problem: 'TooLarge' | 'Aborted' };

/** The declared Content-Length, or undefined for a chunked body (or a nonsense header). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  const length = header === undefined ? Number.NaN : Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** Reads the body up to `limit` bytes; beyond it stops keeping chunks and reports TooLarge. */
export function readBody(req: IncomingMessage, limit: number = MAX_ADMISSION_BODY_BYTES): Promise<Body> {
  if ((declaredLength(req) ?? 0) > limit) return Promise.resolve({ problem: 'TooLarge' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
      else {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve({ problem: 'TooLarge' });
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve({ bytes: chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, length) }));
    req.once('aborted', () => resolve({ problem: 'Aborted' }));
    req.once('error', () => resolve({ problem: 'Aborted' }));
  });
}

/**
 * Reads and discards the rest of a request body, up to `cap` bytes in all; resolves true when the
 * request ended within the cap (the connection can then carry the answer cleanly), false when
 * the client sent more, went away, or declared more than the cap up front.
 */
export function drain(req: IncomingMessage, cap: number = DRAIN_MAX_BYTES): Promise<boolean> {
  if (req.readableEnded || req.complete) return Promise.resolve(true);
  if ((declaredLength(req) ?? 0) > cap) return Promise.resolve(false);
  return new Promise((resolve) => {
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > cap) {
        req.off('data', onData);
        resolve(false);
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(true));
    req.once('close', () => resolve(req.complete));
    req.resume();
  });
}
