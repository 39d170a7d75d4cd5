/**
 * Writes a pushed tag into its ImageStream, never over a concurrent write: the status PUT carries
 * the resourceVersion the new status was computed from; on 409 the stream is read again and the
 * status recomputed (the import controller's rule, src/controller/reconcile.ts), so a concurrent
 * import or push is never lost. A missing stream is created first (as a push on OpenShift does);
 * a create that loses to another creator reads the winner's stream and goes on.
 */
import type { Clock } from '../../clock.js';
import type { ImageStream } from '../../core/types.js';
import type { StreamApi } from '../../controller/kube-io.js';
import { ConflictError } from '../../kube/api-server-error.js';
import type { PushedTag } from '../push-event.js';
import { statusAfterPush } from '../status-after-push.js';

const MAX_CONFLICTS = 5;

export type PushOutcome = 'recorded' | 'unchanged';

export interface RecordPushDeps {
  api: Pick<StreamApi, 'get' | 'writeStatus'>;
  /** Creates the stream with an empty spec; throws ConflictError when it exists already. */
  createStream(namespace: string, name: string): Promise<ImageStream>;
  clock: Clock;
  registryHostname: string;
  historyLimit: number;
}

/** RFC 3339 in seconds, as OpenShift writes `created`. */
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function recordPush(push: PushedTag, deps: RecordPushDeps): Promise<PushOutcome> {
  for (let attempt = 0; attempt <= MAX_CONFLICTS; attempt += 1) {
    let stream = await deps.api.get(push.namespace, push.name);
    try {
      stream ??= await deps.createStream(push.namespace, push.name);
      const status = statusAfterPush(stream, push, { registryHostname: deps.registryHostname, now: rfc3339(deps.clock.now()), historyLimit: deps.historyLimit });
      if (status === undefined) return 'unchanged';
      await deps.api.writeStatus(stream, status);
      return 'recorded';
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new ConflictError(`update imagestreams/status ${push.namespace}/${push.name}`, 409, { cause: new Error(`still conflicting after ${MAX_CONFLICTS} re-reads`) });
}
