/**
 * A real TLS handshake on 127.0.0.1 between a server holding a certificate and a client trusting
 * only a given CA bundle, the way kube-apiserver trusts a webhook's caBundle.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';

export interface ServingMaterial {
  cert: string;
  key: string;
}

/**
 * Resolves when a client trusting `caBundle` accepts the server's certificate for `serverName`
 * (a DNS name sent as SNI and checked against the SANs; undefined = check the IP 127.0.0.1).
 * Rejects with the client's TLS error otherwise.
 */
export async function handshake(serving: ServingMaterial, caBundle: string, serverName?: string): Promise<void> {
  const server = createServer({ cert: serving.cert, key: serving.key, minVersion: 'TLSv1.2' }, (socket) => socket.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    await new Promise<void>((resolve, reject) => {
      const options = { host: '127.0.0.1', port, ca: caBundle, minVersion: 'TLSv1.2' as const };
      const socket = connect(serverName === undefined ? options : { ...options, servername: serverName }, () => {
        socket.end();
        resolve();
      });
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}
