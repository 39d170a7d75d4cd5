/**
 * The project's one command-line flag parser, with the syntax kubectl and oc accept (the rules of
 * their flag library, spf13/pflag): `--name=value`, `--name value`, `-n value`, `-nvalue`,
 * `-n=value`, boolean flags bare (`--alias`) or with a value after `=` (`--alias=false`), grouped
 * boolean shorthands (`-dh`), flags and arguments in any order, and `--` ending the flags.
 * Errors carry pflag's texts (`unknown flag: --x`), which users already search for.
 *
 * Every argument is looked at once, and flag names are looked up in Maps: an argument list
 * is input, and a name such as `constructor` must not find anything on a prototype.
 */
import { WebhookError } from '../errors.js';

/** One flag a command accepts. */
export interface FlagSpec {
  /** The long name, without dashes (`namespace`). */
  name: string;
  /** One character, without the dash (`n`). */
  shorthand?: string;
  /** A `bool` flag takes a value only after `=`; a `string` flag takes the next argument when it has no `=`. */
  kind: 'bool' | 'string';
  /**
   * The value a bare string flag gets, without consuming the next argument (kubectl's `--dry-run`
   * alone means `unchanged`). Boolean flags always get `true` when bare.
   */
  noOptDefault?: string;
}

/** What a command line held: flag values by long name (the last occurrence wins) and the other arguments in order. */
export interface ParsedFlags {
  values: Map<string, string>;
  args: string[];
}

/** Thrown when a command line cannot be read as flags; the message is pflag's wording for the same mistake. */
export class FlagError extends WebhookError {
  override name = 'FlagError';
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A string as Go's `%q` prints it (printable text as is, quotes and backslashes escaped, control characters as `\x..`). */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** A one-character shorthand as Go's `%q` prints a rune (`'x'`). */
function quoteRune(char: string): string {
  const inner = goQuote(char).slice(1, -1);
  return `'${inner === "'" ? "\\'" : inner.replace('\\"', '"')}'`;
}

/** `true`/`false` for the words Go's strconv.ParseBool accepts; otherwise pflag's error. */
function parseBool(spec: FlagSpec, value: string): string {
  if (TRUE_WORDS.has(value)) return 'true';
  if (FALSE_WORDS.has(value)) return 'false';
  const flag = spec.shorthand === undefined ? `--${spec.name}` : `-${spec.shorthand}, --${spec.name}`;
  throw new FlagError(`invalid argument ${goQuote(value)} for ${goQuote(flag)} flag: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`);
}

/** Reads the arguments one at a time; `take` is how a flag consumes the argument after it. */
class Cursor {
  readonly values = new Map<string, string>();
  readonly args: string[] = [];
  private index = 0;

  constructor(
    private readonly argv: readonly string[],
    private readonly long: ReadonlyMap<string, FlagSpec>,
    private readonly short: ReadonlyMap<string, FlagSpec>,
  ) {}

  next(): string | undefined {
    const arg = this.argv[this.index];
    this.index += 1;
    return arg;
  }

  rest(): readonly string[] {
    return this.argv.slice(this.index);
  }

  set(spec: FlagSpec, value: string): void {
    this.values.set(spec.name, spec.kind === 'bool' ? parseBool(spec, value) : value);
  }

  /** `--name`, `--name=value` or `--name value`. */
  readLong(arg: string): void {
    const body = arg.slice(2);
    if (body.startsWith('-') || body.startsWith('=')) throw new FlagError(`bad flag syntax: ${arg}`);
    const equals = body.indexOf('=');
    const name = equals === -1 ? body : body.slice(0, equals);
    const spec = this.long.get(name);
    if (spec === undefined) throw new FlagError(`unknown flag: --${name}`);
    if (equals !== -1) return this.set(spec, body.slice(equals + 1));
    const bare = spec.kind === 'bool' ? 'true' : spec.noOptDefault;
    if (bare !== undefined) return this.set(spec, bare);
    const value = this.next();
    if (value === undefined) throw new FlagError(`flag needs an argument: --${name}`);
    return this.set(spec, value);
  }

  /** `-n value`, `-nvalue`, `-n=value`, and groups of boolean shorthands (`-dh`). */
  readShorts(arg: string): void {
    let shorthands = arg.slice(1);
    while (shorthands.length > 0) {
      const char = String.fromCodePoint(shorthands.codePointAt(0) ?? 0);
      const after = shorthands.slice(char.length);
      const spec = this.short.get(char);
      if (spec === undefined) throw new FlagError(`unknown shorthand flag: ${quoteRune(char)} in -${shorthands}`);
      const bare = spec.kind === 'bool' ? 'true' : spec.noOptDefault;
      if (after.length > 1 && after.startsWith('=')) {
        this.set(spec, after.slice(1));
        return;
      }
      if (bare !== undefined) {
        this.set(spec, bare);
        shorthands = after;
        continue;
      }
      const value = after.length > 0 ? after : this.next();
      if (value === undefined) throw new FlagError(`flag needs an argument: ${quoteRune(char)} in -${shorthands}`);
      this.set(spec, value);
      return;
    }
  }
}

/**
 * Reads `argv` against `specs`. Arguments that are not flags (including a lone `-`) are kept in
 * order; everything after `--` is an argument.
 * @throws FlagError for an unknown flag, a missing value, bad syntax or a boolean that is not one.
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const long = new Map(specs.map((spec) => [spec.name, spec]));
  const short = new Map(specs.flatMap((spec) => (spec.shorthand === undefined ? [] : [[spec.shorthand, spec] as const])));
  const cursor = new Cursor(argv, long, short);
  for (let arg = cursor.next(); arg !== undefined; arg = cursor.next()) {
    if (arg === '--') {
      cursor.args.push(...cursor.rest());
      break;
    }
    if (arg.length < 2 || !arg.startsWith('-')) cursor.args.push(arg);
    else if (arg.startsWith('--')) cursor.readLong(arg);
    else cursor.readShorts(arg);
  }
  return { values: cursor.values, args: cursor.args };
}
