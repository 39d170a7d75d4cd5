/**
 * Values of flags shared by several commands, checked with kubectl's texts: `--dry-run`,
 * `-o/--output`, `--request-timeout`, and plain reads of the parsed flags.
 */
import { CommandError } from './command-error.js';
import type { DryRun, OutputFormat } from './object-output.js';

/** The parsed flags of one command, by long name. */
export type FlagValues = ReadonlyMap<string, string>;

export function flagBool(values: FlagValues, name: string, fallback = false): boolean {
  const value = values.get(name);
  return value === undefined ? fallback : value === 'true';
}

/** A string flag, undefined when not given. */
export function flagText(values: FlagValues, name: string): string | undefined {
  return values.get(name);
}

/**
 * `--dry-run`: `none`, `client` or `server`. As in kubectl, a bare `--dry-run` and the old boolean
 * spellings still work, with a warning naming the spelling to use.
 */
export function readDryRun(values: FlagValues, warnings: string[]): DryRun {
  const value = values.get('dry-run') ?? 'none';
  if (value === 'none' || value === 'client' || value === 'server') return value;
  if (value === 'unchanged') {
    warnings.push('--dry-run is deprecated and can be replaced with --dry-run=client.');
    return 'client';
  }
  const spelled = new Map([['true', 'client'], ['false', 'none'], ['1', 'client'], ['0', 'none'], ['t', 'client'], ['f', 'none'], ['TRUE', 'client'], ['FALSE', 'none'], ['True', 'client'], ['False', 'none'], ['T', 'client'], ['F', 'none']]).get(value);
  if (spelled === 'client' || spelled === 'none') {
    warnings.push(`--dry-run=${value} is deprecated (boolean value) and can be replaced with --dry-run=${spelled}.`);
    return spelled;
  }
  throw new CommandError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}

/** `-o json|yaml`, undefined when not given. */
export function readOutput(values: FlagValues): OutputFormat | undefined {
  const value = values.get('output');
  if (value === undefined || value === '') return undefined;
  if (value === 'json' || value === 'yaml') return value;
  throw new CommandError(`unable to match a printer suitable for the output format ${JSON.stringify(value)}, allowed formats are: json,yaml`);
}

const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ['ns', 1e-6], ['us', 1e-3], ['µs', 1e-3], ['μs', 1e-3], ['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000],
]);
/** One `<number><unit>` step of a Go duration (`1.5h`, `300ms`); the whole string is a run of them. */
const DURATION_STEP = '([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)';

/**
 * `--request-timeout` in milliseconds (0: no limit), read as client-go reads it: a whole number
 * of seconds, or a Go duration (`30s`, `2m`, `1h30m`). A negative duration is refused too.
 */
export function readRequestTimeout(value: string | undefined): number {
  const refused = new CommandError('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
  if (value === undefined) return 0;
  if (/^\+?[0-9]{1,15}$/.test(value)) return Number(value) * 1000;
  const body = value.startsWith('+') ? value.slice(1) : value;
  if (body === '' || value.length > 64) throw refused;
  let total = 0;
  const steps = new RegExp(DURATION_STEP, 'y');
  while (steps.lastIndex < body.length) {
    const start = steps.lastIndex;
    const step = steps.exec(body);
    if (step === null || step.index !== start) throw refused;
    total += Number(step[1]) * (DURATION_UNITS.get(step[2] ?? '') ?? Number.NaN);
  }
  if (!Number.isFinite(total)) throw refused;
  return Math.round(total);
}
