/**
 * When a failed tag is tried again without a spec change (the controller never writes `spec`).
 * A failure that can heal by itself or by a change elsewhere is retried with a doubling backoff,
 * and at once when the change that may heal it happens: the stream's import metadata (the
 * insecure-repository annotation), a pull Secret of its namespace, or an RBAC binding or role
 * (the grant a cross-namespace source needs). `Invalid`, `Blocked` and a malformed reference wait
 * for a spec change, which the import plan sees by generation. Pure: the rule reads only the
 * condition the status holds, so it holds across controller restarts.
 */
import type { ImageStream } from '../core/types.js';
import { isHttpOnlyMessage } from '../registry/types.js';
import { importCondition } from './generations.js';
import { INSECURE_REPOSITORY_ANNOTATION } from './options.js';
import { REPOSITORY_KEY } from './plan.js';

/** A change elsewhere that may heal a failed import, and so retries it at once. */
export type RetryWake = 'ImportMetadata' | 'PullSecret' | 'Binding';

/** What retries a failed tag: the backoff, and which changes elsewhere. */
export interface RetryRule {
  backoff: boolean;
  wakeOn: readonly RetryWake[];
}

/** The first retry's delay; it doubles per failed retry of the stream. */
export const DEFAULT_RETRY_BASE_MS = 10_000;
/** The longest wait between retries. */
export const MAX_RETRY_DELAY_MS = 15 * 60_000;

const SPEC_CHANGE_ONLY: RetryRule = Object.freeze({ backoff: false, wakeOn: [] });

function healable(...wakeOn: RetryWake[]): RetryRule {
  return { backoff: true, wakeOn };
}

/**
 * The rule for one failure, by its condition's reason (and, for `BadRequest`, its message):
 * - `Unauthorized`, `NotFound`, `TooManyRequests`: a pull Secret may heal them (some registries
 *   hide private repositories as 404; authenticated pulls have higher rate limits), or the
 *   registry itself (a pushed tag, an expired limit);
 * - `Forbidden`: an RBAC grant (a cross-namespace source) or a pull Secret (a registry's 403);
 * - `InternalError` (unreachable, TLS, 5xx): the registry coming back;
 * - `BadRequest` of an HTTP-only registry: the insecure annotation, or the registry serving HTTPS;
 * - every retried failure also when the stream's import metadata changes (it changes how the
 *   registry is asked);
 * - `Invalid`, `Blocked`, any other `BadRequest` (a malformed reference): only a spec change.
 */
export function retryRuleOf(reason: string | undefined, message: string | undefined): RetryRule {
  switch (reason) {
    case 'Unauthorized':
    case 'NotFound':
    case 'TooManyRequests':
      return healable('ImportMetadata', 'PullSecret');
    case 'Forbidden':
      return healable('ImportMetadata', 'PullSecret', 'Binding');
    case 'InternalError':
      return healable('ImportMetadata');
    case 'BadRequest':
      return isHttpOnlyMessage(message ?? '') ? healable('ImportMetadata') : SPEC_CHANGE_ONLY;
    default:
      return SPEC_CHANGE_ONLY;
  }
}

/** The wait before retry number `attempt` (1 = the first): the base, doubling, capped at 15 minutes. */
export function retryDelayMs(attempt: number, baseMs: number = DEFAULT_RETRY_BASE_MS): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(baseMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
}

/**
 * The tags of `stream` to retry for `cause` (`'Backoff'`: when the backoff expires): those whose
 * `ImportSuccess` condition is `False` with a reason the cause may heal. A failed tag of
 * `spec.dockerImageRepository` (no spec tag of its name) is retried by listing the repository
 * again (`REPOSITORY_KEY`); a failed tag no longer in spec or repository is left alone.
 */
export function tagsToRetry(stream: ImageStream, cause: RetryWake | 'Backoff'): Set<string> {
  const specNames = new Set((stream.spec?.tags ?? []).map((tag) => tag.name));
  const repository = (stream.spec?.dockerImageRepository ?? '').trim() !== '';
  const tags = new Set<string>();
  for (const entry of stream.status?.tags ?? []) {
    const condition = importCondition(entry);
    if (condition?.status !== 'False') continue;
    const rule = retryRuleOf(condition.reason, condition.message);
    if (cause === 'Backoff' ? !rule.backoff : !rule.wakeOn.includes(cause)) continue;
    if (specNames.has(entry.tag)) tags.add(entry.tag);
    else if (repository) tags.add(REPOSITORY_KEY);
  }
  return tags;
}

/** Whether a stream update changed metadata the import reads (the insecure-repository annotation). */
export function importMetadataChanged(before: ImageStream, after: ImageStream): boolean {
  return before.metadata.annotations?.[INSECURE_REPOSITORY_ANNOTATION] !== after.metadata.annotations?.[INSECURE_REPOSITORY_ANNOTATION];
}
