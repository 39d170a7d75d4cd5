/**
 * The leader-election decision over a `coordination.k8s.io/v1` Lease, as client-go's
 * leaderelection package makes it. Expiry is measured on the candidate's own clock from when it
 * last saw the record change, never by comparing `renewTime` with the local clock, so clock skew
 * between nodes cannot make two replicas leaders.
 */

export interface LeaseRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: Date | undefined;
  renewTime: Date | undefined;
  leaseTransitions: number;
}

/** What a candidate last saw of the Lease, and when (its own monotonic clock, ms). */
export interface Observation {
  /** JSON of the record as last read; a change restarts the expiry countdown. */
  record: string;
  atMs: number;
}

export type LeaseAction = { action: 'create' | 'acquire' | 'renew'; record: LeaseRecord } | { action: 'wait'; holder: string };

/** The candidate's two readings of now: wall time for the record it writes, monotonic time for expiry. */
export interface LeaseNow {
  wallMs: number;
  monotonicMs: number;
}

/**
 * Decides what `identity` does with the Lease now: create it, take it over (free or expired),
 * renew it (already held), or wait for the holder. Returns the record to write, if any.
 */
export function decideLease(current: LeaseRecord | undefined, observation: Observation | undefined, identity: string, durationSeconds: number, at: LeaseNow): LeaseAction {
  const now = new Date(at.wallMs);
  const nowMs = at.monotonicMs;
  if (current === undefined) {
    return { action: 'create', record: { holderIdentity: identity, leaseDurationSeconds: durationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 } };
  }
  if (current.holderIdentity === identity) {
    return { action: 'renew', record: { ...current, leaseDurationSeconds: durationSeconds, renewTime: now } };
  }
  const seenSince = observation !== undefined && observation.record === JSON.stringify(current) ? observation.atMs : nowMs;
  const expired = current.holderIdentity === '' || seenSince + current.leaseDurationSeconds * 1000 <= nowMs;
  if (!expired) return { action: 'wait', holder: current.holderIdentity };
  return {
    action: 'acquire',
    record: { holderIdentity: identity, leaseDurationSeconds: durationSeconds, acquireTime: now, renewTime: now, leaseTransitions: current.leaseTransitions + 1 },
  };
}

/** The record a leader writes when it stops: no holder, 1 s duration, so a standby takes over at once. */
export function releasedRecord(current: LeaseRecord, nowMs: number): LeaseRecord {
  return { ...current, holderIdentity: '', leaseDurationSeconds: 1, renewTime: new Date(nowMs) };
}
