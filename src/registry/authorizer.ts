import { LRUCache } from 'lru-cache';
import { WebhookError } from '../errors.js';
import { credentialIdentity, type Credential } from './keyring.js';
import type { Endpoint } from './endpoint.js';
import type { Requester } from './requester.js';

/** The token realm refused the credentials (401/403): the caller retries anonymously. */
export class CredentialsRejectedError extends WebhookError {
  override name = 'CredentialsRejectedError';
  constructor(readonly status: number) {
    super(`the token realm refused the credentials (HTTP ${status})`);
  }
}

/** The token realm failed otherwise (unreachable, 5xx, 429, no token in the answer). */
export class TokenRealmError extends WebhookError {
  override name = 'TokenRealmError';
  constructor(message: string, readonly status: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface CachedToken {
  header: string;
  expiresAt: number;
}

/** Token lifetime assumed when the realm does not say (the distribution token spec's default). */
const DEFAULT_EXPIRES_IN_S = 60;
/** Renew this long before expiry, so a token does not run out between the check and the request. */
const EXPIRY_MARGIN_MS = 10_000;
const MAX_TOKEN_BODY = 64 * 1024;

function basicHeader(c: Credential): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

function readToken(body: Buffer): { token: string; expiresIn: number } | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { token?: unknown; access_token?: unknown; expires_in?: unknown };
    const token = typeof parsed.token === 'string' && parsed.token !== '' ? parsed.token : parsed.access_token;
    if (typeof token !== 'string' || token === '') return undefined;
    const expiresIn = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_EXPIRES_IN_S;
    return { token, expiresIn };
  } catch {
    return undefined;
  }
}

/**
 * The realm as a URL, refusing what we must not call: anything but http(s), and plain HTTP when
 * credentials would travel in clear text for an import that did not say insecure.
 */
export function realmUrl(realm: string, credentialsOverTls: boolean): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch (err) {
    throw new TokenRealmError('the registry named an invalid token realm', 0, { cause: err });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TokenRealmError('the token realm is not http(s)', 0);
  if (url.protocol === 'http:' && credentialsOverTls) {
    throw new TokenRealmError(`the token realm ${url.host} is plain HTTP; credentials are sent to it only for insecure imports`, 0);
  }
  return url;
}

/**
 * Answers a registry's challenge with an `Authorization` header: Basic from the matched credential,
 * or a Bearer token from the realm, cached until
 * shortly before it expires, so an unchanged re-check costs one HEAD and no token request.
 * The cache key is (registry origin, realm, service, scope, credential identity): never shared
 * between registries, and never between credentials (an identity is a hash, not the secret).
 */
export class Authorizer {
  private readonly tokens: LRUCache<string, CachedToken>;

  constructor(private readonly requester: Requester, private readonly options: { max: number; now: () => number; maxBodyBytes: number }) {
    this.tokens = new LRUCache({ max: options.max });
  }

  /** @param insecure the import's flag: only then may credentials go to a plain-HTTP token realm. */
  async header(endpoint: Endpoint, scope: string, credential: Credential | undefined, insecure: boolean): Promise<string | undefined> {
    const challenge = endpoint.challenge;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') return credential === undefined ? undefined : basicHeader(credential);
    const realm = challenge.params.get('realm') ?? '';
    const service = challenge.params.get('service');
    const key = [endpoint.origin, realm, service ?? '', scope, credentialIdentity(credential)].join('\u0000');
    const cached = this.tokens.get(key);
    const now = this.options.now();
    if (cached !== undefined && cached.expiresAt > now) return cached.header;
    const { token, expiresIn } = await this.fetchToken(endpoint, { realm, service, scope, insecure }, credential);
    const lifetime = expiresIn * 1000;
    const header = `Bearer ${token}`;
    this.tokens.set(key, { header, expiresAt: now + Math.max(lifetime / 2, lifetime - EXPIRY_MARGIN_MS) });
    return header;
  }

  private async fetchToken(endpoint: Endpoint, ask: { realm: string; service: string | undefined; scope: string; insecure: boolean },
    credential: Credential | undefined): Promise<{ token: string; expiresIn: number }> {
    const url = realmUrl(ask.realm, credential !== undefined && !ask.insecure);
    if (ask.service !== undefined) url.searchParams.set('service', ask.service);
    url.searchParams.set('scope', ask.scope);
    const headers: Record<string, string> = credential === undefined ? {} : { authorization: basicHeader(credential) };
    const res = await this.requester.send('token', { method: 'GET', url, headers, insecureTls: endpoint.insecureTls,
      maxBodyBytes: Math.min(MAX_TOKEN_BODY, this.options.maxBodyBytes) });
    if ((res.status === 401 || res.status === 403) && credential !== undefined) throw new CredentialsRejectedError(res.status);
    if (res.status !== 200) throw new TokenRealmError(`token realm ${url.host} answered HTTP ${res.status}`, res.status);
    const token = readToken(res.body);
    if (token === undefined) throw new TokenRealmError(`token realm ${url.host} answered without a token`, res.status);
    return token;
  }
}
