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
const isNumberChar = (char: string | undefined): boolean => char !== undefined && ((char >= '0' && char <= '9') || char === '.');

/** A Go duration (`1.5h`, `300ms`, `1h30m`) in milliseconds: a run of number-and-unit steps, read in one pass. */
function readGoDuration(text: string): number | undefined {
  let total = 0;
  let index = 0;
  while (index < text.length) {
    const numberStart = index;
    while (isNumberChar(text[index])) index += 1;
    const number = text.slice(numberStart, index);
    const unitStart = index;
    while (index < text.length && !isNumberChar(text[index])) index += 1;
    const unit = DURATION_UNITS.get(text.slice(unitStart, index));
    if (number === '' || number === '.' || Number.isNaN(Number(number)) || unit === undefined) return undefined;
    total += Number(number) * unit;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/**
 * `--request-timeout` in milliseconds (0: not given), read as client-go reads it: a whole number
 * of seconds, or a Go duration (`30s`, `2m`, `1h30m`). A negative duration is refused too.
 */
export function readRequestTimeout(value: string | undefined): number {
  if (value === undefined) return 0;
  if (/^\+?[0-9]{1,15}$/.test(value)) return Number(value) * 1000;
  const body = value.startsWith('+') ? value.slice(1) : value;
  const duration = body === '' || value.length > 64 ? undefined : readGoDuration(body);
  if (duration === undefined) {
    throw new CommandError('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
  }
  return duration;
}
