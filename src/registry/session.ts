import { CredentialsRejectedError, type Authorizer } from './authorizer.js';
import { challengeOf, type EndpointCache } from './endpoint.js';
import type { Credential } from './keyring.js';
import type { RequestKind } from './options.js';
import type { FinalResponse, Requester } from './requester.js';

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

/**
 * One authorized GET/HEAD under `/v2/<repository>/…`, with the `/v2/` flow around it: the cached
 * endpoint and challenge, the Authorization header for the pull scope, one refresh when the registry
 * answers 401 with a challenge we did not know, and, when credentials were used and refused, one
 * anonymous retry (public images must not fail because a namespace holds a stale secret).
 */
export async function fetchAuthorized(deps: SessionDeps, target: Target, kind: RequestKind, method: 'GET' | 'HEAD',
  pathAndQuery: string, headers: Record<string, string>): Promise<FinalResponse> {
  const scope = `repository:${target.repository}:pull`;
  const credentials = target.credential === undefined ? [undefined] : [target.credential, undefined];
  let last: FinalResponse | undefined;
  for (const credential of credentials) {
    let refreshed = false;
    for (;;) {
      const endpoint = await deps.endpoints.discover(target.host, target.insecure);
      let authorization: string | undefined;
      try {
        authorization = await deps.authorizer.header(endpoint, scope, credential);
      } catch (err) {
        if (err instanceof CredentialsRejectedError) break;
        throw err;
      }
      const res = await deps.requester.send(kind, {
        method, url: new URL(pathAndQuery, endpoint.origin), insecureTls: endpoint.insecureTls, maxBodyBytes: deps.maxBodyBytes,
        headers: authorization === undefined ? headers : { ...headers, authorization },
      });
      last = res;
      if (res.status !== 401) return res;
      const challenge = challengeOf(res.headers);
      const known = endpoint.challenge;
      const changed = challenge !== undefined && (known === undefined || challenge.scheme !== known.scheme
        || challenge.params.get('realm') !== known.params.get('realm'));
      if (!changed || refreshed) break;
      refreshed = true;
      deps.endpoints.update(target.host, target.insecure, { ...endpoint, challenge });
    }
  }
  return last ?? unauthorizedAnswer();
}

function unauthorizedAnswer(): FinalResponse {
  return { status: 401, headers: {}, body: Buffer.alloc(0), retryAfterMs: undefined };
}
