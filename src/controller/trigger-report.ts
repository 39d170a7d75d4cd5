/**
 * What the trigger controller tells people about a visit: `ImageTriggered` and `InvalidTrigger`
 * Events on the workload (texts from `src/triggers/events.ts`), one log line per update, and the
 * triggers metric. The same problems of a workload are not repeated at every visit.
 */
import type { Clock } from '../clock.js';
import { errorFields, type Logger } from '../log.js';
import { imageTriggeredEvent, invalidTriggerEvent, type TriggerEvent } from '../triggers/events.js';
import type { TriggerPlan } from '../triggers/plan.js';
import type { WorkloadKind } from '../triggers/types.js';
import { workloadKey, type WorkloadTriggerView } from '../triggers/workloads.js';
import type { WorkloadApi } from './trigger-io.js';

/** How one visit of a workload ended, the `result` label of the triggers metric. */
export type TriggerResult = 'Updated' | 'Conflict' | 'Invalid' | 'Failed';

/** How long the same problems of a workload are not reported again. */
const REPORT_AGAIN_MS = 10 * 60_000;

export interface TriggerReporterDeps {
  api: WorkloadApi;
  clock: Clock;
  logger: Logger;
  onResult(kind: WorkloadKind, result: TriggerResult): void;
}

export class TriggerReporter {
  /**
   * The problems last reported per workload and when, so a visit soon after (the controller's own
   * write, the next move of another tag) does not repeat them; after REPORT_AGAIN_MS they are
   * reported again, since Events expire (an hour by default) while the problem may not.
   */
  private readonly reported = new Map<string, { messages: string; at: number }>();

  constructor(private readonly deps: TriggerReporterDeps) {}

  /** Forgets a deleted workload. */
  forget(key: string): void {
    this.reported.delete(key);
  }

  /** `InvalidTrigger` Events for the plan's problems, unless the same ones were reported lately. */
  problems(kind: WorkloadKind, view: WorkloadTriggerView, uid: string | undefined, plan: TriggerPlan): void {
    const key = workloadKey(view);
    const messages = plan.problems.map((p) => p.message).join('\n');
    if (messages === '') this.reported.delete(key);
    const last = this.reported.get(key);
    const now = this.deps.clock.monotonic();
    if (messages === '' || (last?.messages === messages && now - last.at < REPORT_AGAIN_MS)) return;
    this.reported.set(key, { messages, at: now });
    this.deps.onResult(kind, 'Invalid');
    for (const problem of plan.problems) this.record(kind, view, uid, invalidTriggerEvent(problem));
  }

  /** One log line per update, one Event per container set. */
  updated(kind: WorkloadKind, view: WorkloadTriggerView, uid: string | undefined, plan: TriggerPlan): void {
    this.deps.onResult(kind, 'Updated');
    const containers = plan.changes.map((c) => ({ container: c.container, source: c.source, from: c.oldImage ?? '', to: c.newImage }));
    this.deps.logger.info({ kind, namespace: view.namespace, name: view.name, containers }, 'trigger update');
    for (const change of plan.changes) this.record(kind, view, uid, imageTriggeredEvent(change));
  }

  private record(kind: WorkloadKind, view: WorkloadTriggerView, uid: string | undefined, event: TriggerEvent): void {
    this.deps.api.record(kind, view.namespace, view.name, uid, event).catch((err: unknown) => {
      this.deps.logger.warn({ kind, namespace: view.namespace, name: view.name, reason: event.reason, ...errorFields(err) }, 'recording an Event failed');
    });
  }
}
