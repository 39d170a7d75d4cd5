import { createServer } from 'node:net';

/**
 * Asks the kernel for a free TCP port on 127.0.0.1 by binding port 0 and releasing it.
 * The port can in principle be taken again before the caller binds it; each run picks fresh ports, so a
 * clash shows up as a start-up failure naming the port rather than as a wrong result.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port was assigned on 127.0.0.1'))));
    });
  });
}
