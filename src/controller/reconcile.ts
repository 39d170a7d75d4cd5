/**
 * One work item: import what the stream needs and write its status, never over a concurrent
 * write. The status PUT carries the resourceVersion the decision was made on; on 409 the stream
 * is read again and the status recomputed from the fresh object (registry answers already
 * obtained are reused), up to `MAX_CONFLICTS` times.
 */
import { runImports, statusAfter, type ImportDeps } from './import-stream.js';
import type { ImportDemand } from '../import/plan.js';
import type { ImportResult, ImportStream } from '../import/types.js';
import type { Logger } from '../log.js';
import { ConflictError } from '../kube/api-server-error.js';
import type { StreamApi } from './kube-io.js';
import type { ControllerMetrics } from './metrics.js';

const MAX_CONFLICTS = 5;
/** Failures worth retrying soon: the registry may come back. Others wait for a spec change or schedule. */
const RETRIABLE = new Set(['InternalError', 'TooManyRequests']);

export interface ReconcileDeps {
  cached(namespace: string, name: string): ImportStream | undefined;
  api: Pick<StreamApi, 'get' | 'writeStatus'>;
  imports: ImportDeps;
  now(): Date;
  logger: Logger;
  metrics: Pick<ControllerMetrics, 'statusWrites'>;
}

export interface ReconcileOutcome {
  written: boolean;
  /** Tags whose import failed for a reason worth retrying. */
  retry: string[];
}

function retriableTags(results: ReadonlyMap<string, ImportResult>): string[] {
  return [...results].filter(([, result]) => !result.ok && RETRIABLE.has(result.failure.reason)).map(([tag]) => tag);
}

export async function reconcile(key: string, demand: ImportDemand, deps: ReconcileDeps): Promise<ReconcileOutcome> {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  const name = key.slice(slash + 1);
  let stream = deps.cached(namespace, name);
  const reuse = new Map<string, ImportResult>();
  for (let attempt = 0; stream !== undefined && attempt <= MAX_CONFLICTS; attempt += 1) {
    const round = await runImports(stream, demand, deps.imports, reuse);
    if (round.repositoryFailure !== undefined) {
      deps.logger.warn({ namespace, stream: name, repository: round.plan.repository?.repository, ...round.repositoryFailure }, 'listing spec.dockerImageRepository failed');
    }
    const retry = retriableTags(round.results);
    const status = statusAfter(stream, round, deps.imports, deps.now());
    if (status === undefined) return { written: false, retry };
    try {
      await deps.api.writeStatus(stream, status);
      deps.metrics.statusWrites.inc({ result: 'written' });
      return { written: true, retry };
    } catch (err) {
      if (!(err instanceof ConflictError)) {
        deps.metrics.statusWrites.inc({ result: 'error' });
        throw err;
      }
      deps.metrics.statusWrites.inc({ result: 'conflict' });
      stream = await deps.api.get(namespace, name);
    }
  }
  if (stream === undefined) return { written: false, retry: [] };
  throw new ConflictError(`update imagestreams/status ${key}`, 409, { cause: new Error(`still conflicting after ${MAX_CONFLICTS} re-reads`) });
}
