/**
 * The commands of `kubectl imagestream` and the flags each accepts. Every command also takes the
 * connection flags (kubectl's `--kubeconfig`, `--context`, `-n/--namespace`) and `-h/--help`,
 * anywhere on the line: kubectl refuses flags placed before a plugin's name, so users put them
 * after `imagestream`, before or after the command.
 */
import type { FlagSpec } from '../cli/flags.js';

export type CommandPath = 'tag' | 'import-image' | 'set image-lookup' | 'set triggers' | 'describe' | 'get';

/** A flag with what `--help` says about it. */
export interface OptionSpec extends FlagSpec {
  /** The default as kubectl shows it after `=` (`false`, `''`, `'source'`). */
  shownDefault: string;
  usage: string;
}

const bool = (name: string, usage: string, shorthand?: string): OptionSpec => ({
  name, kind: 'bool', shownDefault: 'false', usage, ...(shorthand === undefined ? {} : { shorthand }),
});
const text = (name: string, usage: string, shownDefault = "''", shorthand?: string): OptionSpec => ({
  name, kind: 'string', shownDefault, usage, ...(shorthand === undefined ? {} : { shorthand }),
});

export const CONNECTION_OPTIONS: readonly OptionSpec[] = [
  text('kubeconfig', 'Path to the kubeconfig file to use (default: $KUBECONFIG, else ~/.kube/config).'),
  text('context', 'The name of the kubeconfig context to use.'),
  text('namespace', "The namespace to work in (default: the context's namespace, else default).", "''", 'n'),
  bool('help', 'Show this help.', 'h'),
];

const DRY_RUN: OptionSpec = {
  name: 'dry-run', kind: 'string', noOptDefault: 'unchanged', shownDefault: "'none'",
  usage: 'Must be "none", "server", or "client". With client or server, print what would be written and write nothing (server: the API server checks it).',
};
const OUTPUT = text('output', 'Print the written object in this format instead of the summary line: json or yaml.', "''", 'o');
const REFERENCE_POLICY = text('reference-policy', "How pods pull the tag's image: 'source' (from where it came from) or 'local' (through the stream's own repository).", "'source'");
const IMPORT_MODE = text('import-mode', "'Legacy' imports one platform's image, 'PreserveOriginal' the whole manifest list (default: the import controller's setting).");

export const COMMAND_OPTIONS: ReadonlyMap<CommandPath, readonly OptionSpec[]> = new Map<CommandPath, readonly OptionSpec[]>([
  ['tag', [
    text('source', "The kind of SOURCE when it is ambiguous: 'docker' (a container image), 'istag' (a stream tag) or 'isimage' (a stream image)."),
    bool('alias', 'Make each destination follow the source tag, moving when it moves (within one image stream only).'),
    bool('reference', 'Point the destination at the source without importing it.'),
    bool('scheduled', 'Re-import the container image periodically, so the tag follows the registry.'),
    bool('insecure', 'Allow importing over plain HTTP or from a registry whose certificate cannot be verified.'),
    REFERENCE_POLICY,
    IMPORT_MODE,
    bool('delete', 'Delete the given tags, their history included.', 'd'),
    DRY_RUN,
    OUTPUT,
  ]],
  ['import-image', [
    text('from', 'The container image repository (or image) to import from.'),
    bool('confirm', "Create the image stream, or change what it imports from, when it does not match."),
    bool('all', 'Import every tag of the repository, not just one.'),
    bool('scheduled', 'Re-import the imported tags periodically.'),
    bool('insecure', "Allow plain HTTP or an unverified certificate (default: keep the tag's setting)."),
    REFERENCE_POLICY,
    IMPORT_MODE,
    text('request-timeout', 'How long to wait for the import controller; a number of seconds or a duration such as 30s, 2m (0: the default, 2m).', "'0'"),
  ]],
  ['set image-lookup', [
    { ...bool('enabled', 'Resolve short image names through image streams; --enabled=false turns it off.'), shownDefault: 'true' },
    bool('list', 'Show whether the given objects resolve short names, changing nothing.'),
    bool('all', 'Apply to every image stream in the namespace.'),
    DRY_RUN,
    OUTPUT,
  ]],
  ['set triggers', [
    text('from-image', 'The image stream tag to follow, [NAMESPACE/]STREAM:TAG.'),
    text('containers', 'Comma-separated names of the containers the trigger updates (default: the only container).', "''", 'c'),
    bool('auto', 'Turn the triggers on (for a Deployment, also resume it).'),
    bool('manual', 'Pause the triggers (for a Deployment, also pause it).'),
    bool('remove', 'Remove the trigger given by --from-image and --containers.'),
    bool('remove-all', 'Remove every trigger.'),
    DRY_RUN,
    OUTPUT,
  ]],
  ['describe', []],
  ['get', [text('output', 'Print the image streams in this format instead of the table: json or yaml.', "''", 'o')]],
]);

/** The flags `command` accepts: its own, then the connection flags. */
export function commandFlags(command: CommandPath | undefined): OptionSpec[] {
  return [...(command === undefined ? [] : COMMAND_OPTIONS.get(command) ?? []), ...CONNECTION_OPTIONS];
}

/** Top-level command names, and the subcommands of `set`. */
export const TOP_COMMANDS: readonly string[] = ['tag', 'import-image', 'set', 'describe', 'get'];
export const SET_COMMANDS: readonly string[] = ['image-lookup', 'triggers'];
