/**
 * The command line of `kubectl-imagestream` read into what to do: which command, its arguments
 * and flags checked, the connection flags, or a help text to print. Pure: no cluster, no I/O.
 */
import { FlagError, goQuote, parseFlags } from '../cli/flags.js';
import { CommandError, flagHint, PLUGIN_COMMAND } from './command-error.js';
import { commandFlags, SET_COMMANDS, TOP_COMMANDS, type CommandPath } from './commands.js';
import { commandHelp, rootHelp, setHelp } from './help.js';
import { flagBool, flagText, readDryRun, readOutput, type FlagValues } from './option-values.js';
import type { DryRun, OutputFormat } from './object-output.js';
import { readImportImageArguments, type ImportImageArguments } from './import-image-arguments.js';
import type { TagArguments } from './tag-request.js';
import { readTriggersArguments, type TriggersArguments } from './triggers-arguments.js';
import { suggestCommands } from './suggestions.js';

/** kubectl's connection flags; each undefined when not given (phase two fills them from the kubeconfig). */
export interface Connection {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** `--dry-run` and `-o` of the commands that write. */
export interface WriteMode {
  dryRun: DryRun;
  output?: OutputFormat;
}

export interface ImageLookupArguments {
  names: string[];
  enabled: boolean;
  list: boolean;
  all: boolean;
}

interface Common {
  connection: Connection;
  /** Deprecation notes to print on stderr before running. */
  warnings: string[];
}

export type { ImportImageArguments };

export type Invocation =
  | { command: 'help'; text: string }
  | (Common & { command: 'tag'; write: WriteMode; tag: TagArguments })
  | (Common & { command: 'import-image'; importImage: ImportImageArguments })
  | (Common & { command: 'set image-lookup'; write: WriteMode; imageLookup: ImageLookupArguments })
  | (Common & { command: 'set triggers'; write: WriteMode; triggers: TriggersArguments })
  | (Common & { command: 'describe'; names: string[] })
  | (Common & { command: 'get'; names: string[]; output?: OutputFormat });

/** Connection flags that take a value: they are skipped with it while looking for the command's name. */
const VALUE_FLAGS = new Set(['--kubeconfig', '--context', '--namespace', '-n']);

/** Positions of the command words (`tag`, or `set` and `triggers`) among the arguments, skipping flags. */
function findCommandWords(argv: readonly string[]): number[] {
  const words: number[] = [];
  for (let index = 0; index < argv.length && words.length < 2; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') break;
    if (arg.length > 1 && arg.startsWith('-')) {
      if (VALUE_FLAGS.has(arg)) index += 1;
      continue;
    }
    words.push(index);
    if (arg !== 'set') break;
  }
  return words;
}

function unknownCommand(word: string, parent: string, choices: readonly string[]): CommandError {
  const suggestions = suggestCommands(word, choices);
  const more = suggestions.length === 0 ? '' : `\n\nDid you mean this?\n${suggestions.map((name) => `\t${name}\n`).join('')}`;
  return new CommandError(`unknown command ${goQuote(word)} for ${goQuote(parent)}${more}`);
}

/** The command the words name, or a help text when they name none to run. */
function resolveCommand(words: readonly string[]): CommandPath | 'root' | 'set' {
  const [first, second] = words;
  if (first === undefined) return 'root';
  if (!TOP_COMMANDS.includes(first)) throw unknownCommand(first, PLUGIN_COMMAND, TOP_COMMANDS);
  if (first !== 'set') return first as CommandPath;
  if (second === undefined) return 'set';
  if (!SET_COMMANDS.includes(second)) throw unknownCommand(second, `${PLUGIN_COMMAND} set`, SET_COMMANDS);
  return `set ${second}` as CommandPath;
}

function readConnection(values: FlagValues): Connection {
  const connection: Connection = {};
  for (const name of ['kubeconfig', 'context', 'namespace'] as const) {
    const value = values.get(name);
    if (value !== undefined) connection[name] = value;
  }
  return connection;
}

function readWriteMode(values: FlagValues, warnings: string[]): WriteMode {
  const output = readOutput(values);
  return { dryRun: readDryRun(values, warnings), ...(output === undefined ? {} : { output }) };
}

function readTagArguments(args: string[], values: FlagValues): TagArguments {
  const sourceKind = flagText(values, 'source');
  const importMode = flagText(values, 'import-mode');
  return {
    args, alias: flagBool(values, 'alias'), reference: flagBool(values, 'reference'), scheduled: flagBool(values, 'scheduled'),
    insecure: flagBool(values, 'insecure'), delete: flagBool(values, 'delete'), referencePolicy: flagText(values, 'reference-policy') ?? 'source',
    ...(sourceKind === undefined ? {} : { sourceKind }), ...(importMode === undefined ? {} : { importMode }),
  };
}

function readCommand(command: CommandPath, args: string[], values: FlagValues, common: Common): Invocation {
  switch (command) {
    case 'tag':
      return { ...common, command, write: readWriteMode(values, common.warnings), tag: readTagArguments(args, values) };
    case 'import-image':
      return { ...common, command, importImage: readImportImageArguments(args, values) };
    case 'set image-lookup': {
      const imageLookup = { names: args, enabled: flagBool(values, 'enabled', true), list: flagBool(values, 'list'), all: flagBool(values, 'all') };
      return { ...common, command, write: readWriteMode(values, common.warnings), imageLookup };
    }
    case 'set triggers':
      return { ...common, command, write: readWriteMode(values, common.warnings), triggers: readTriggersArguments(args, values) };
    case 'describe':
      return { ...common, command, names: args };
    case 'get': {
      const output = readOutput(values);
      return { ...common, command, names: args, ...(output === undefined ? {} : { output }) };
    }
  }
}

/**
 * What `argv` (the arguments after `kubectl imagestream`) asks for.
 * @throws CommandError with kubectl's or oc's text and hint for anything it cannot run.
 */
export function readInvocation(argv: readonly string[]): Invocation {
  const wordIndexes = findCommandWords(argv);
  const words = wordIndexes.map((index) => argv[index] ?? '');
  const resolved = resolveCommand(words);
  const command = resolved === 'root' || resolved === 'set' ? undefined : resolved;
  const rest = argv.filter((_arg, index) => !wordIndexes.includes(index));
  let parsed;
  try {
    parsed = parseFlags(rest, commandFlags(command));
  } catch (err) {
    if (err instanceof FlagError) throw new CommandError(err.message, flagHint(words.join(' ')), { cause: err });
    throw err;
  }
  if (command === undefined) {
    if (resolved === 'set' && parsed.args.length > 0) throw unknownCommand(parsed.args[0] ?? '', `${PLUGIN_COMMAND} set`, SET_COMMANDS);
    if (resolved === 'root' && parsed.args.length > 0) throw unknownCommand(parsed.args[0] ?? '', PLUGIN_COMMAND, TOP_COMMANDS);
    return { command: 'help', text: resolved === 'set' ? setHelp() : rootHelp() };
  }
  if (flagBool(parsed.values, 'help')) return { command: 'help', text: commandHelp(command) };
  return readCommand(command, parsed.args, parsed.values, { connection: readConnection(parsed.values), warnings: [] });
}
