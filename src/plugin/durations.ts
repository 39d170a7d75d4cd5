/**
 * How long ago something happened, in the two styles users see: kubectl's short ages in table
 * columns (`45s`, `5m`, `3h20m`, `2d`, as in `kubectl get`'s AGE) and the sentences oc's
 * `describe` prints (`5 minutes`, `About an hour`, `2 days`). The clock is the caller's.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** kubectl's age column for `elapsedMs` (Kubernetes' `duration.HumanDuration`); a clock more than 2 s behind shows `<invalid>`. */
export function shortAge(elapsedMs: number): string {
  const seconds = Math.trunc(elapsedMs / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(elapsedMs / MINUTE);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(elapsedMs / HOUR);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.trunc(hours / 24)}d${hours % 24}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** oc's wording for `elapsedMs` (Docker's `units.HumanDuration`), used as `<age> ago`. */
export function humanAge(elapsedMs: number): string {
  const seconds = Math.trunc(elapsedMs / SECOND);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(elapsedMs / MINUTE);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(elapsedMs / HOUR + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(elapsedMs / HOUR / 24 / 365)} years`;
}

/** Milliseconds from an RFC 3339 time to `now`, or undefined when the time is missing or unreadable. */
export function elapsedSince(time: string | undefined, now: Date): number | undefined {
  if (time === undefined || time === '') return undefined;
  const at = Date.parse(time);
  return Number.isNaN(at) ? undefined : now.getTime() - at;
}
