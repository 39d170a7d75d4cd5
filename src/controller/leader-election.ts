/**
 * Leader election on a Lease: only the leader imports, so two replicas never write the same
 * status twice. Get, then create or update with the read `resourceVersion`; a 409 means another
 * replica wrote first, and this round simply lost. A leader that cannot renew within the renew
 * deadline stops leading before its lease can expire elsewhere.
 */
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { statusCodeOf } from '../kube/kube-config.js';
import { errorFields, type Logger } from '../log.js';
import { decideLease, releasedRecord, type LeaseRecord, type Observation } from './lease-decision.js';

export interface LeaderElectionOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
  logger: Logger;
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

function recordOf(lease: V1Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 15,
    acquireTime: spec.acquireTime === undefined ? undefined : new Date(spec.acquireTime),
    renewTime: spec.renewTime === undefined ? undefined : new Date(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

function specOf(record: LeaseRecord): V1Lease['spec'] {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    leaseTransitions: record.leaseTransitions,
    // MicroTime: the API server insists on six fractional digits.
    ...(record.acquireTime === undefined ? {} : { acquireTime: new V1MicroTime(record.acquireTime.getTime()) }),
    ...(record.renewTime === undefined ? {} : { renewTime: new V1MicroTime(record.renewTime.getTime()) }),
  };
}

export class LeaderElector {
  private readonly api: CoordinationV1Api;
  private observation: Observation | undefined;
  private leading = false;
  private lastRenewMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastLease: V1Lease | undefined;

  constructor(private readonly options: LeaderElectionOptions) {
    this.api = options.kubeConfig.makeApiClient(CoordinationV1Api);
  }

  isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.round();
  }

  /** Stops campaigning; a leader releases the Lease so a standby takes over without waiting. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading || this.lastLease === undefined) return;
    this.setLeading(false);
    const lease = this.lastLease;
    const body: V1Lease = { ...lease, spec: specOf(releasedRecord(recordOf(lease), Date.now())) };
    await this.api.replaceNamespacedLease({ name: this.options.name, namespace: this.options.namespace, body }).catch((err: unknown) => {
      this.options.logger.warn(errorFields(err), 'releasing the leader Lease failed; the standby waits for it to expire');
    });
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.tryAcquireOrRenew();
    } catch (err) {
      const code = statusCodeOf(err);
      if (code !== 409) this.options.logger.warn({ ...errorFields(err), code }, 'leader election round failed');
    }
    if (this.leading && Date.now() - this.lastRenewMs > this.options.renewDeadlineSeconds * 1000) {
      this.options.logger.error({ lease: this.options.name }, 'could not renew the leader Lease within the renew deadline; stopping imports');
      this.setLeading(false);
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.round(), this.options.retryPeriodSeconds * 1000);
      this.timer.unref();
    }
  }

  private async tryAcquireOrRenew(): Promise<void> {
    const { name, namespace, identity, leaseDurationSeconds } = this.options;
    const current = await this.api.readNamespacedLease({ name, namespace }).catch((err: unknown) => {
      if (statusCodeOf(err) === 404) return undefined;
      throw err;
    });
    const now = Date.now();
    const record = current === undefined ? undefined : recordOf(current);
    if (record !== undefined && this.observation?.record !== JSON.stringify(record)) this.observation = { record: JSON.stringify(record), atMs: now };
    const decision = decideLease(record, this.observation, identity, leaseDurationSeconds, now);
    if (decision.action === 'wait') {
      this.setLeading(false);
      return;
    }
    const body: V1Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { ...(current?.metadata ?? {}), name, namespace }, spec: specOf(decision.record) };
    this.lastLease =
      decision.action === 'create'
        ? await this.api.createNamespacedLease({ namespace, body })
        : await this.api.replaceNamespacedLease({ name, namespace, body });
    this.lastRenewMs = now;
    this.observation = { record: JSON.stringify(recordOf(this.lastLease)), atMs: now };
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
