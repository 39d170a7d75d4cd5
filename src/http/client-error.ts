import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { statusBody } from '../admission/edge.js';

/** Node's parser errors and what they mean for the answer. */
const ANSWERS: ReadonlyMap<string, { code: number; reason: string; message: string }> = new Map([
  ['ERR_HTTP_REQUEST_TIMEOUT', { code: 408, reason: 'Timeout', message: 'the request headers or body did not arrive in time' }],
  ['HPE_HEADER_OVERFLOW', { code: 431, reason: 'RequestHeaderFieldsTooLarge', message: 'the request headers are too large' }],
]);

const MALFORMED = { code: 400, reason: 'BadRequest', message: 'the request is not valid HTTP/1.1' };

/**
 * The server's `clientError` handler: a request Node could not parse (incomplete, malformed,
 * headers too large, too slow) still gets a Kubernetes `Status` body, like every other error
 * this server produces, and the connection closes. Nothing of the request is quoted. A connection
 * whose TLS handshake never finished cannot read an answer and is only closed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || !socket.writable) {
    socket.destroy();
    return;
  }
  const answer = ANSWERS.get(err.code ?? '') ?? MALFORMED;
  const text = JSON.stringify(statusBody(answer.code, answer.reason, answer.message));
  socket.end(
    `HTTP/1.1 ${answer.code} ${STATUS_CODES[answer.code] ?? answer.reason}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
