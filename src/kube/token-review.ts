import type { UserInfo } from '../core/types.js';
import { TOKEN_REVIEWS, collectionPath } from './resource-types.js';
import { decodeAnswer } from './resources.js';
import type { RestClient } from './rest-client.js';

/**
 * Who a bearer token belongs to, by the API server's own authenticators (a TokenReview): the
 * user, or undefined when the token is not valid. Rejects with ApiServerError when the API
 * server cannot be asked. The token travels only in the request body; it is never logged, and
 * errors carry the operation and the Status message only.
 */
export type TokenReviewer = (token: string) => Promise<UserInfo | undefined>;

interface TokenReviewAnswer {
  status?: { authenticated?: unknown; user?: { username?: unknown; uid?: unknown; groups?: unknown; extra?: unknown }; error?: unknown };
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? (value as string[]) : undefined;

function extraOf(value: unknown): Record<string, string[]> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).flatMap(([key, list]) => {
    const read = strings(list);
    return read === undefined ? [] : [[key, read] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Creates the TokenReview client; answers are not cached, so a revoked token stops working at once. */
export function createTokenReviewer(client: RestClient, timeoutMs = 5000): TokenReviewer {
  return async (token) => {
    const operation = 'create tokenreviews';
    const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } };
    const answer = await client.request({ method: 'POST', path: collectionPath(TOKEN_REVIEWS), body, operation, timeoutMs });
    const status = decodeAnswer<TokenReviewAnswer>(answer, operation).status;
    const username = status?.user?.username;
    if (status?.authenticated !== true || typeof username !== 'string' || username === '') return undefined;
    const uid = status.user?.uid;
    const groups = strings(status.user?.groups);
    const extra = extraOf(status.user?.extra);
    return {
      username,
      ...(typeof uid === 'string' && uid !== '' ? { uid } : {}),
      ...(groups === undefined ? {} : { groups }),
      ...(extra === undefined ? {} : { extra }),
    };
  };
}
