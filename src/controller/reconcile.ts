/**
 * One work item: import what the stream needs and write its status, never over a concurrent
 * write. The status PUT carries the resourceVersion the decision was made on; on 409 the stream
 * is read again and the status recomputed from the fresh object (registry answers already
 * obtained are reused), up to `MAX_CONFLICTS` times.
 */
import { runImports, statusAfter, type ImportDeps, type ImportRound } from './import-stream.js';
import type { ImportDemand } from '../import/plan.js';
import type { ImageStream } from '../core/types.js';
import { importCondition, statusTagOf } from '../import/generations.js';
import { importEvents } from '../import/import-events.js';
import { repositoryCheckPatch } from '../import/repository-check.js';
import type { ImportFailure, ImportResult } from '../import/types.js';
import type { Logger } from '../log.js';
import { ApiServerError, ConflictError } from '../kube/api-server-error.js';
import type { StreamApi } from './kube-io.js';
import type { ControllerMetrics } from './metrics.js';
import type { StreamEventSender } from './stream-events.js';

const MAX_CONFLICTS = 5;

export interface ReconcileDeps {
  cached(namespace: string, name: string): ImageStream | undefined;
  api: Pick<StreamApi, 'get' | 'writeStatus' | 'patchMetadata'>;
  imports: ImportDeps;
  now(): Date;
  logger: Logger;
  metrics: Pick<ControllerMetrics, 'statusWrites'>;
  /** Records the Events of a status write on the stream (none when undefined). */
  recordEvents?: StreamEventSender;
}

export interface ReconcileOutcome {
  written: boolean;
  /** The stream as it now stands (the written object, or the one read); undefined when it is gone. */
  stream: ImageStream | undefined;
  /** Why listing `spec.dockerImageRepository` failed (status has no field for it). */
  repositoryFailure?: ImportFailure;
}

/**
 * Logs each tag the round refused without asking a registry (a cross-namespace source not granted,
 * a missing source tag, an invalid tag, a blocked registry), with the condition's reason and
 * message; registry imports have their own `import` log line.
 */
function logRefusals(stream: ImageStream, round: ImportRound, deps: ReconcileDeps): void {
  for (const [tag, triggered] of round.plan.triggered) {
    if (round.results.has(tag)) continue;
    const condition = importCondition(statusTagOf(stream, tag));
    if (condition?.status !== 'False' || condition.generation !== triggered.generation) continue;
    deps.logger.warn({ namespace: stream.metadata.namespace, stream: stream.metadata.name, tag, trigger: triggered.trigger, reason: condition.reason, message: condition.message }, 'import refused');
  }
}

/**
 * Answers a re-import request of a repository stream once its listing succeeded and its tags'
 * outcomes are in status: the check annotation gets the time (see repository-check.ts). A patch
 * refused because the stream changed meanwhile is dropped; the next watch event decides again.
 */
async function recordRepositoryCheck(stream: ImageStream, round: ImportRound, deps: ReconcileDeps): Promise<void> {
  if (round.plan.repository?.requested !== true || round.repositoryFailure !== undefined) return;
  const namespace = stream.metadata.namespace ?? '';
  const checkedAt = deps.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  try {
    await deps.api.patchMetadata(namespace, stream.metadata.name, repositoryCheckPatch(stream, checkedAt));
  } catch (err) {
    const code = err instanceof ApiServerError ? err.code : undefined;
    if (code !== 409 && code !== 422) throw err;
    deps.logger.debug({ namespace, stream: stream.metadata.name, code }, 'the stream changed before its repository check was recorded');
  }
}

const listing = (round: ImportRound): Pick<ReconcileOutcome, 'repositoryFailure'> =>
  round.repositoryFailure === undefined ? {} : { repositoryFailure: round.repositoryFailure };

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
    const status = statusAfter(stream, round, deps.imports, deps.now());
    if (status === undefined) {
      logRefusals(stream, round, deps);
      await recordRepositoryCheck(stream, round, deps);
      return { written: false, stream, ...listing(round) };
    }
    try {
      const written = await deps.api.writeStatus(stream, status);
      deps.metrics.statusWrites.inc({ result: 'written' });
      logRefusals(written, round, deps);
      await deps.recordEvents?.(written, importEvents(stream.status, written.status));
      await recordRepositoryCheck(written, round, deps);
      return { written: true, stream: written, ...listing(round) };
    } catch (err) {
      if (!(err instanceof ConflictError)) {
        deps.metrics.statusWrites.inc({ result: 'error' });
        throw err;
      }
      deps.metrics.statusWrites.inc({ result: 'conflict' });
      stream = await deps.api.get(namespace, name);
    }
  }
  if (stream === undefined) return { written: false, stream: undefined };
  throw new ConflictError(`update imagestreams/status ${key}`, 409, { cause: new Error(`still conflicting after ${MAX_CONFLICTS} re-reads`) });
}
