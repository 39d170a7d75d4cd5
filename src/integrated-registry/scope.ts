/**
 * Reads the `scope` parameters of a Docker registry token request
 * (`repository:<ns>/<name>:pull,push`, the parameter repeated or space-separated). Only
 * repository scopes naming a stream (see repository.ts) and the actions `pull` and `push` are
 * kept; everything else (registry:catalog, `*`, `delete`, a malformed scope) is granted nothing,
 * as distribution's own token servers answer scopes they do not know. Requests for the same
 * repository are merged, so one question is asked per repository and action.
 */
import { parseStreamRepository, repositoryPath, type StreamRepository } from './repository.js';

export type RegistryAction = 'pull' | 'push';

/** One repository and the actions asked for it, in the order `pull`, `push`. */
export interface RequestedAccess extends StreamRepository {
  actions: RegistryAction[];
}

/** Scopes looked at per request: a push asks for one or two; more is not a registry client. */
export const MAX_SCOPES = 16;
/** `repository:` + a 255-character name + `:pull,push`, with room to spare. */
export const MAX_SCOPE_LENGTH = 300;

/** Why a request's scopes were refused outright (HTTP 400): too many, or one too long. */
export type ScopeProblem = { problem: string };

const ACTIONS: ReadonlySet<string> = new Set(['pull', 'push']);

function readScope(scope: string): { repository: string; actions: string[] } | undefined {
  // `repository:<name>:<actions>`; a name holds no `:` here (a registry host with a port is not a stream).
  const parts = scope.split(':');
  if (parts.length !== 3 || parts[0] !== 'repository') return undefined;
  return { repository: parts[1] ?? '', actions: (parts[2] ?? '').split(',') };
}

/** The access asked for by `scopes` (the values of every `scope` parameter), or the problem with them. */
export function parseScopes(scopes: readonly string[]): RequestedAccess[] | ScopeProblem {
  const wanted = new Map<string, { stream: StreamRepository; actions: Set<RegistryAction> }>();
  let count = 0;
  for (const value of scopes) {
    if (value.length > MAX_SCOPE_LENGTH * MAX_SCOPES) return { problem: `a scope parameter is longer than ${MAX_SCOPE_LENGTH * MAX_SCOPES} characters` };
    for (const scope of value.split(' ')) {
      if (scope === '') continue;
      count += 1;
      if (count > MAX_SCOPES) return { problem: `more than ${MAX_SCOPES} scopes` };
      if (scope.length > MAX_SCOPE_LENGTH) return { problem: `a scope is longer than ${MAX_SCOPE_LENGTH} characters` };
      const read = readScope(scope);
      const stream = read === undefined ? undefined : parseStreamRepository(read.repository);
      if (read === undefined || stream === undefined) continue;
      const key = repositoryPath(stream);
      const entry = wanted.get(key) ?? { stream, actions: new Set<RegistryAction>() };
      for (const action of read.actions) if (ACTIONS.has(action)) entry.actions.add(action as RegistryAction);
      wanted.set(key, entry);
    }
  }
  return [...wanted.values()]
    .filter((entry) => entry.actions.size > 0)
    .map(({ stream, actions }) => ({ ...stream, actions: (['pull', 'push'] as const).filter((action) => actions.has(action)) }));
}
