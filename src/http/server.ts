import { createServer, type Server } from 'node:https';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './client-error.js';

/** PEM serving certificate and key, as the TLS reloader hands them over. */
export interface ServingCertificate {
  cert: Buffer;
  key: Buffer;
}

/** A listening HTTPS server that can swap its certificate and shut down gracefully. */
export interface RunningServer {
  address: AddressInfo;
  /** Requests being handled right now. */
  inFlight(): number;
  /** New TLS handshakes use `certificate`; established connections keep theirs. */
  setCertificate(certificate: ServingCertificate): void;
  /**
   * Stops accepting connections, lets in-flight requests finish and closes keep-alive connections as
   * they go idle; connections still busy after `deadlineMs` are destroyed.
   */
  close(deadlineMs: number): Promise<void>;
}

export interface ServerOptions {
  app: RequestListener;
  certificate: ServingCertificate;
  host: string;
  port: number;
  /** Overrides of CONNECTION_TIMEOUTS (tests shorten them). */
  timeouts?: Partial<ConnectionTimeouts>;
}

export interface ConnectionTimeouts {
  handshakeTimeoutMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  checkIntervalMs: number;
}

/** TLS floor required by the team's security rules and by the API server's webhook client. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/**
 * Connection deadlines. The API server's webhook calls time out after at most 30 s, so a
 * connection that has not finished its TLS handshake or its whole request in 30 s, or its headers
 * in 10 s, is not the API server and only holds a socket and memory: it is answered 408 (headers,
 * request) or closed (handshake). The handshake gets the full 30 s because a burst of large
 * reviews can keep the event loop from completing handshakes promptly. Checked every second.
 */
export const CONNECTION_TIMEOUTS: Readonly<ConnectionTimeouts> = Object.freeze({
  handshakeTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
});

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts the HTTPS admission server on host:port (port 0 picks a free one). During shutdown every
 * answer carries `Connection: close` and each finished response releases its idle keep-alive
 * socket, so the API server reconnects to another replica instead of reusing a closing one.
 */
export async function startHttpsServer(options: ServerOptions): Promise<RunningServer> {
  let closing = false;
  let active = 0;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    active += 1;
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      active -= 1;
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    options.app(req, res);
  };
  const timeouts = { ...CONNECTION_TIMEOUTS, ...options.timeouts };
  const server = createServer(
    {
      cert: options.certificate.cert,
      key: options.certificate.key,
      minVersion: MIN_TLS_VERSION,
      handshakeTimeout: timeouts.handshakeTimeoutMs,
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    onRequest,
  );
  server.on('clientError', answerClientError);
  const address = await listen(server, options.host, options.port);
  return {
    address,
    inFlight: () => active,
    setCertificate: (certificate) =>
      server.setSecureContext({ cert: certificate.cert, key: certificate.key, minVersion: MIN_TLS_VERSION }),
    close: (deadlineMs) =>
      new Promise<void>((resolve) => {
        closing = true;
        const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
