/**
 * Leader election on a Lease: only the leader imports, so two replicas never write the same
 * status twice. Get, then create or update with the read `resourceVersion`; a 409 means another
 * replica wrote first, and this round simply lost. A leader that cannot renew within the renew
 * deadline stops leading before its lease can expire elsewhere. Deadlines and expiry run on the
 * monotonic clock, so a wall-clock jump neither keeps a stale leader leading nor ends a healthy one.
 */
import type { CancelTimer, Clock } from '../clock.js';
import { ConflictError } from '../kube/api-server-error.js';
import { formatMicroTime, type Lease, type LeaseClient } from '../kube/leases.js';
import { errorFields, type Logger } from '../log.js';
import { decideLease, releasedRecord, type LeaseRecord, type Observation } from './lease-decision.js';

/** Which Lease a replica campaigns for, as whom, and its timing (client-go's names and meaning). */
export interface LeaseSettings {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
}

export interface LeaderElectionOptions extends LeaseSettings {
  leases: LeaseClient;
  clock: Clock;
  logger: Logger;
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

function recordOf(lease: Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 15,
    acquireTime: spec.acquireTime === undefined ? undefined : new Date(spec.acquireTime),
    renewTime: spec.renewTime === undefined ? undefined : new Date(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

function specOf(record: LeaseRecord): Lease['spec'] {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    leaseTransitions: record.leaseTransitions,
    ...(record.acquireTime === undefined ? {} : { acquireTime: formatMicroTime(record.acquireTime.getTime()) }),
    ...(record.renewTime === undefined ? {} : { renewTime: formatMicroTime(record.renewTime.getTime()) }),
  };
}

export class LeaderElector {
  private observation: Observation | undefined;
  private leading = false;
  private lastRenewMs = 0;
  private cancelRound: CancelTimer | undefined;
  private stopped = false;
  private lastLease: Lease | undefined;

  constructor(private readonly options: LeaderElectionOptions) {}

  isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.round();
  }

  /** Stops campaigning; a leader releases the Lease so a standby takes over without waiting. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRound?.();
    if (!this.leading || this.lastLease === undefined) return;
    this.setLeading(false);
    const lease = this.lastLease;
    const released: Lease = { ...lease, spec: specOf(releasedRecord(recordOf(lease), this.options.clock.now())) };
    await this.options.leases.replace(released).catch((err: unknown) => {
      this.options.logger.warn(errorFields(err), 'releasing the leader Lease failed; the standby waits for it to expire');
    });
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.tryAcquireOrRenew();
    } catch (err) {
      if (!(err instanceof ConflictError)) this.options.logger.warn(errorFields(err), 'leader election round failed');
    }
    const { clock, renewDeadlineSeconds, retryPeriodSeconds } = this.options;
    if (this.leading && clock.monotonic() - this.lastRenewMs > renewDeadlineSeconds * 1000) {
      this.options.logger.error({ lease: this.options.name }, 'could not renew the leader Lease within the renew deadline; stopping imports');
      this.setLeading(false);
    }
    if (!this.stopped) this.cancelRound = clock.setTimer(() => void this.round(), retryPeriodSeconds * 1000);
  }

  private async tryAcquireOrRenew(): Promise<void> {
    const { leases, clock, name, namespace, identity, leaseDurationSeconds } = this.options;
    const current = await leases.get(namespace, name);
    const at = { wallMs: clock.now(), monotonicMs: clock.monotonic() };
    const record = current === undefined ? undefined : recordOf(current);
    if (record !== undefined && this.observation?.record !== JSON.stringify(record)) this.observation = { record: JSON.stringify(record), atMs: at.monotonicMs };
    const decision = decideLease(record, this.observation, identity, leaseDurationSeconds, at);
    if (decision.action === 'wait') {
      this.setLeading(false);
      return;
    }
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { ...(current?.metadata ?? {}), name, namespace },
      spec: specOf(decision.record),
    };
    this.lastLease = decision.action === 'create' ? await leases.create(lease) : await leases.replace(lease);
    this.lastRenewMs = at.monotonicMs;
    this.observation = { record: JSON.stringify(recordOf(this.lastLease)), atMs: at.monotonicMs };
    this.setLeading(true);
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.options.logger.info({ lease: `${this.options.namespace}/${this.options.name}`, identity: this.options.identity, leading }, leading ? 'became leader' : 'not leading');
    if (leading) this.options.onStartedLeading();
    else this.options.onStoppedLeading();
  }
}
