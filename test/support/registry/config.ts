import type { TestPki } from './certs.js';

/** How a test registry authenticates and whether it speaks TLS. */
export type RegistryMode = 'plain' | 'tls' | 'basic' | 'token';

/**
 * The fixed htpasswd line for `testuser` / `testpass`, bcrypt cost 4: the registry checks bcrypt on
 * every request, and cost 4 keeps that near 2 ms instead of ~60 ms at cost 10.
 */
export const HTPASSWD_LINE = 'testuser:$2y$04$p8vkKXe3nFWYjZ8AByZGIu0kgmphRs3BYXSgx..tjRDPlW3iHRmcy';
export const TEST_USER = 'testuser';
export const TEST_PASSWORD = 'testpass';
/** The token auth `service` (the JWT audience) and `issuer`; both must match what the token server signs. */
export const TOKEN_SERVICE = 'isw-test-registry';
export const TOKEN_ISSUER = 'isw-test-issuer';

/** Token auth answered by a token server other than the tests' own (the integrated registry companion). */
export interface TokenAuthConfig {
  realm: string;
  service: string;
  issuer: string;
  /** File of the certificate(s) whose keys may sign tokens. */
  rootCertBundle: string;
}

/** One notification endpoint, as the chart configures the registry's companion. */
export interface NotificationsConfig {
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Go duration; the registry redelivers an event not answered within it (default 5s). */
  timeout?: string;
}

export interface ConfigInput {
  port: number;
  storageDir: string;
  tls: boolean;
  mode: RegistryMode;
  pki: TestPki | undefined;
  htpasswdFile: string;
  tokenRealm: string | undefined;
  tokenAuth?: TokenAuthConfig | undefined;
  notifications?: NotificationsConfig | undefined;
}

/**
 * Renders a `docker-registry serve` config: loopback only, warn-level logs without access logs (the
 * registry logs every request at info), deletes enabled, no background upload purging.
 */
export function renderConfig(input: ConfigInput): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${input.storageDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${input.port}`,
    '  secret: not-a-secret-test-only',
  ];
  if (input.tls && input.pki !== undefined) {
    lines.push('  tls:', `    certificate: ${input.pki.serverCertFile}`, `    key: ${input.pki.serverKeyFile}`);
  }
  if (input.mode === 'basic') {
    lines.push('auth:', '  htpasswd:', '    realm: isw-test-registry', `    path: ${input.htpasswdFile}`);
  }
  const token = input.tokenAuth ?? (input.pki !== undefined && input.tokenRealm !== undefined
    ? { realm: input.tokenRealm, service: TOKEN_SERVICE, issuer: TOKEN_ISSUER, rootCertBundle: input.pki.tokenCertFile }
    : undefined);
  if (input.mode === 'token' && token !== undefined) {
    lines.push('auth:', '  token:', `    realm: ${token.realm}`, `    service: ${token.service}`,
      `    issuer: ${token.issuer}`, `    rootcertbundle: ${token.rootCertBundle}`);
  }
  if (input.notifications !== undefined) {
    lines.push('notifications:', '  endpoints:', '    - name: companion', `      url: ${input.notifications.url}`,
      `      headers: {Authorization: [${JSON.stringify(`Bearer ${input.notifications.token}`)}]}`,
      `      timeout: ${input.notifications.timeout ?? '5s'}`, '      threshold: 3', '      backoff: 1s');
  }
  return `${lines.join('\n')}\n`;
}
