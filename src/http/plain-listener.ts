import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started plain-HTTP listener (metrics, health): where it listens and how to stop it. */
export interface PlainListener {
  address: AddressInfo;
  /** Stops listening and drops open connections at once: scrapes and probes are safe to cut. */
  close(): Promise<void>;
}

/**
 * Starts `server` on host:port (port 0 picks a free port). Rejects with the listen error (a port
 * in use, an address not on this host), so a caller's start-up fails instead of serving nothing.
 */
export function listenPlain(server: Server, host: string, port: number): Promise<PlainListener> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        address: server.address() as AddressInfo,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
