import { CredentialsRejectedError, type Authorizer } from './authorizer.js';
import { challengeOf, type Endpoint, type EndpointCache } from './endpoint.js';
import type { Credential } from './keyring.js';
import type { RequestKind } from './options.js';
import type { FinalResponse, Requester } from './requester.js';
import type { SendOptions } from './transport.js';

/** One registry operation's fixed inputs: where, which repository, which credential, insecure or not. */
export interface Target {
  /** The endpoint host[:port] (`registry-1.docker.io` for Docker Hub). */
  host: string;
  repository: string;
  insecure: boolean;
  credential: Credential | undefined;
}

export interface SessionDeps {
  endpoints: EndpointCache;
  authorizer: Authorizer;
  requester: Requester;
  maxBodyBytes: number;
}

type Attempt = { done: true; res: FinalResponse } | { done: false; res: FinalResponse | undefined };

/** The challenge of a 401 when it differs from the remembered one (the registry changed its auth), else undefined. */
function newChallenge(res: FinalResponse, known: Endpoint['challenge']): Endpoint['challenge'] {
  const challenge = challengeOf(res.headers);
  const changed = challenge !== undefined && (known === undefined || challenge.scheme !== known.scheme
    || challenge.params.get('realm') !== known.params.get('realm'));
  return changed ? challenge : undefined;
}

/** One credential's try: `done` with any answer but 401; else the 401 (or none, if the realm refused). */
async function attempt(deps: SessionDeps, target: Target, credential: Credential | undefined, send: Omit<SendOptions, 'url' | 'insecureTls'>,
  kind: RequestKind, path: string): Promise<Attempt> {
  const scope = `repository:${target.repository}:pull`;
  for (let refreshed = false; ; refreshed = true) {
    const endpoint = await deps.endpoints.discover(target.host, target.insecure);
    let authorization: string | undefined;
    try {
      authorization = await deps.authorizer.header(endpoint, scope, credential, target.insecure);
    } catch (err) {
      if (err instanceof CredentialsRejectedError) return { done: false, res: undefined };
      throw err;
    }
    const res = await deps.requester.send(kind, { ...send, url: new URL(path, endpoint.origin), insecureTls: endpoint.insecureTls,
      headers: authorization === undefined ? send.headers : { ...send.headers, authorization } });
    if (res.status !== 401) return { done: true, res };
    const challenge = newChallenge(res, endpoint.challenge);
    if (challenge === undefined || refreshed) return { done: false, res };
    deps.endpoints.update(target.host, target.insecure, { ...endpoint, challenge });
  }
}

/**
 * One authorized GET/HEAD under `/v2/<repository>/…`, with the `/v2/` flow around it: the cached
 * endpoint and challenge, the Authorization header for the pull scope, one refresh when the registry
 * answers 401 with a challenge we did not know, and, when credentials were used and refused, one
 * anonymous retry (public images must not fail because a namespace holds a stale secret).
 */
export async function fetchAuthorized(deps: SessionDeps, target: Target, kind: RequestKind, method: 'GET' | 'HEAD',
  pathAndQuery: string, headers: Record<string, string>): Promise<FinalResponse> {
  const send = { method, headers, maxBodyBytes: deps.maxBodyBytes };
  let last: FinalResponse | undefined;
  for (const credential of target.credential === undefined ? [undefined] : [target.credential, undefined]) {
    const outcome = await attempt(deps, target, credential, send, kind, pathAndQuery);
    if (outcome.done) return outcome.res;
    last = outcome.res ?? last;
  }
  return last ?? { status: 401, headers: {}, body: Buffer.alloc(0), retryAfterMs: undefined };
}
