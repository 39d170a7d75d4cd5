import { randomUUID, sign, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A running Bearer token server (the registry's `auth: token:` realm) for tests. */
export interface TokenServer {
  /** `https://localhost:PORT/token`: `localhost`, not the IP literal, as real clients dislike IP realms. */
  realm: string;
  /** How many token requests it has answered, by outcome, so tests can count round trips. */
  counts: { granted: number; anonymous: number; refused: number };
  close(): Promise<void>;
}

export interface TokenServerOptions {
  /** The RS256 signing key and its self-signed certificate (the registry's `rootcertbundle`). */
  keyFile: string;
  certFile: string;
  /** The HTTPS serving certificate and key (valid for `localhost`). */
  tlsCertFile: string;
  tlsKeyFile: string;
  service: string;
  issuer: string;
  /** When set, only these credentials get the scopes asked for; anonymous callers get a token granting nothing. */
  user?: string;
  password?: string;
  /** Token lifetime in seconds (the `expires_in` answered). */
  expiresIn?: number;
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

function parseScopes(url: URL): Access[] {
  const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter((s) => s !== '');
  return scopes.map((scope) => {
    const parts = scope.split(':');
    const actions = parts.length > 2 ? (parts.pop() ?? '') : '';
    const [type = '', ...name] = parts;
    return { type, name: name.join(':'), actions: actions.split(',').filter((a) => a !== '') };
  });
}

type Caller = 'granted' | 'anonymous' | 'refused';

function classify(req: IncomingMessage, options: TokenServerOptions): Caller {
  const header = req.headers.authorization;
  if (options.user === undefined) return 'granted';
  if (header === undefined) return 'anonymous';
  const want = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  return header === want ? 'granted' : 'refused';
}

/**
 * Starts an HTTPS token server on 127.0.0.1 (port chosen by the kernel; credentials travel to it, so
 * TLS, as on real registries) that signs RS256 JWTs with an
 * `x5c` header, which is what distribution's token auth verifies against its `rootcertbundle`.
 * It grants every scope asked for to the right credentials (or to anyone when no user is set).
 */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const key = await readFile(options.keyFile);
  const certDer = new X509Certificate(await readFile(options.certFile)).raw.toString('base64');
  const counts = { granted: 0, anonymous: 0, refused: 0 };
  const b64u = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
  const tlsOptions = { cert: await readFile(options.tlsCertFile), key: await readFile(options.tlsKeyFile), minVersion: 'TLSv1.2' as const };
  const server: Server = createServer(tlsOptions, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    const caller = classify(req, options);
    counts[caller] += 1;
    if (caller === 'refused') {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="token"' }).end('{"details":"bad credentials"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresIn ?? 300;
    const head = b64u(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [certDer] }));
    const claims = b64u(JSON.stringify({
      iss: options.issuer, sub: caller === 'granted' ? (options.user ?? 'anonymous') : 'anonymous',
      aud: url.searchParams.get('service') ?? options.service, exp: now + expiresIn, nbf: now - 10, iat: now,
      jti: randomUUID(), access: caller === 'granted' ? parseScopes(url) : [],
    }));
    const token = `${head}.${claims}.${b64u(sign('sha256', Buffer.from(`${head}.${claims}`), key))}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString(),
    }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    realm: `https://localhost:${port}/token`,
    counts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
