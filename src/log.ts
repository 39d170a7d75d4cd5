import { pino, type DestinationStream } from 'pino';

/**
 * The logging surface every edge module receives as a parameter (never imports): key/value fields
 * first, then a constant message, so log lines can be queried by field. A pino logger satisfies it.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** `--log-level`: the level named by `value` (default info), or a problem naming the flag and the choices. */
export function parseLogLevel(value: string | undefined, problems: string[]): LogLevel {
  if (value === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (level === undefined) problems.push(`--log-level ${JSON.stringify(value.slice(0, 64))}: expected one of ${LOG_LEVELS.join(', ')}`);
  return level ?? 'info';
}

/**
 * A Logger that also writes an info line whose fields its caller has serialised already, as JSON
 * object members (`"uid":"…","outcome":"Mutated"`): the per-review line, which pino's walk over a
 * fields object made cost about a tenth of a review (issue 11). Same line shape as pino's.
 */
export interface LineLogger extends Logger {
  infoJson(members: string, message: string): void;
}

/** A LineLogger plus `flush()`, for the composition root to drain buffered lines before exit. */
export interface RootLogger extends LineLogger {
  /** Writes out buffered lines; `done` runs once they are written (before an explicit exit). */
  flush(done?: () => void): void;
}

/**
 * Lines are gathered into writes of at least BATCH_BYTES, or whatever is there every BATCH_MS: one
 * write per review line cost about a tenth of a review's CPU in serve's profile (issue 11), and a
 * line still reaches stdout within BATCH_MS on a quiet server. Each batch is written from the
 * event loop's thread, as Node writes process.stdout to files and pipes: handing it to the thread
 * pool instead cost about 8 µs more per review in context switches than the write itself.
 */
const BATCH_BYTES = 4096;
const BATCH_MS = 100;

/**
 * Creates the process logger: one JSON line per call with `level`, `time` and `msg`. By default it
 * writes to stdout through a buffered destination (batched, see BATCH_BYTES), because a write per
 * admission review costs measurable throughput; `flush()` must run before the process exits or
 * the last lines are lost. Tests pass their own `destination` to read the lines back.
 */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): RootLogger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true, minLength: BATCH_BYTES, periodicFlush: BATCH_MS });
  const logger = pino(
    { level: options.level ?? 'info', base: undefined, formatters: { level: (label) => ({ level: label }) } },
    destination,
  );
  const infoEnabled = logger.isLevelEnabled('info');
  return {
    infoJson: (members, message) => {
      if (infoEnabled) destination.write(`{"level":"info","time":${Date.now()},${members},"msg":${JSON.stringify(message)}}\n`);
    },
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
    flush: (done) => logger.flush(done === undefined ? undefined : () => done()),
  };
}

/** Error fields safe to log: the message and the Kubernetes/HTTP status code if any, never a body. */
export function errorFields(err: unknown): { error: string; code?: number } {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown; statusCode?: unknown } | null)?.code;
  const statusCode = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof code === 'number') return { error: message, code };
  if (typeof statusCode === 'number') return { error: message, code: statusCode };
  return { error: message };
}
