/**
 * Which changes elsewhere (a pull Secret, an RBAC object) happened since a point in time, counted
 * rather than timed. A round that was writing a failure while such a change arrived could not be
 * woken by it (the failure was not recorded yet); it asks here at its end and retries at once.
 */
import type { RetryWake } from '../import/retry.js';

export class WakeLog {
  private count = 0;
  /** The count at the last wake, per `cause namespace` (`cause ` for a wake in every namespace). */
  private readonly last = new Map<string, number>();

  /** The count now: pass it to `wokenSince` later. */
  mark(): number {
    return this.count;
  }

  record(cause: RetryWake, namespace: string | undefined): void {
    this.count += 1;
    this.last.set(`${cause} ${namespace ?? ''}`, this.count);
  }

  /** Whether `cause` woke `namespace` (or every namespace) after `mark`. */
  wokenSince(mark: number, cause: RetryWake, namespace: string): boolean {
    if (this.count === mark) return false;
    return Math.max(this.last.get(`${cause} ${namespace}`) ?? 0, this.last.get(`${cause} `) ?? 0) > mark;
  }
}
