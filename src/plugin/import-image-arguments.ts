/**
 * `import-image`'s arguments read and checked with oc's texts: NAME[:TAG] (the tag `latest` unless
 * given, none with `--all`) and the flags that change the tag's import settings.
 */
import { goQuote } from '../cli/flags.js';
import { parseImageRef } from '../core/image-ref.js';
import { CommandError } from './command-error.js';
import { flagBool, flagText, readRequestTimeout, type FlagValues } from './option-values.js';
import { readImportMode, type ImportMode } from './tag-request.js';

export interface ImportImageArguments {
  /** NAME[:TAG] as typed. */
  target: string;
  /** The stream: NAME's last path component, as oc reads it. */
  stream: string;
  /** The tag to import (`latest` unless NAME has one); undefined with --all. */
  tag?: string;
  from?: string;
  confirm: boolean;
  all: boolean;
  scheduled: boolean;
  /** Undefined unless given: the tag's (or the stream annotation's) setting is kept. */
  insecure?: boolean;
  referencePolicy?: 'Source' | 'Local';
  importMode?: ImportMode;
  /** Milliseconds; 0 waits the default time. */
  requestTimeoutMs: number;
}

/** NAME[:TAG] of import-image, with oc's texts. */
function readImportTarget(target: string, all: boolean): { stream: string; tag?: string } {
  let ref;
  try {
    ref = parseImageRef(target);
  } catch (err) {
    throw new CommandError('the image name must be a valid container image pull spec or reference to an image stream (e.g. myregistry/myteam/image:tag)', undefined, { cause: err });
  }
  if (ref.id !== '') throw new CommandError("to import images by ID, use the 'tag' command");
  if (ref.tag !== '' && all) throw new CommandError(`cannot specify a tag ${goQuote(target)} as well as --all`);
  return all ? { stream: ref.name } : { stream: ref.name, tag: ref.tag === '' ? 'latest' : ref.tag };
}

export function readImportImageArguments(args: readonly string[], values: FlagValues): ImportImageArguments {
  if (args.length === 0) throw new CommandError('you must specify the name of an image stream');
  if (args.length > 1) throw new CommandError(`exactly one NAME is required, got ${args.length}`);
  const policy = flagText(values, 'reference-policy')?.toLowerCase();
  if (policy !== undefined && policy !== '' && policy !== 'source' && policy !== 'local') throw new CommandError('valid reference policy values are source or local');
  const importMode = readImportMode(flagText(values, 'import-mode'));
  const from = flagText(values, 'from');
  const target = args[0] ?? '';
  const { stream, tag } = readImportTarget(target, flagBool(values, 'all'));
  return {
    target, stream, ...(tag === undefined ? {} : { tag }), confirm: flagBool(values, 'confirm'), all: flagBool(values, 'all'), scheduled: flagBool(values, 'scheduled'),
    requestTimeoutMs: readRequestTimeout(flagText(values, 'request-timeout')),
    ...(from === undefined || from === '' ? {} : { from }),
    ...(values.has('insecure') ? { insecure: flagBool(values, 'insecure') } : {}),
    ...(policy === 'source' ? { referencePolicy: 'Source' as const } : policy === 'local' ? { referencePolicy: 'Local' as const } : {}),
    ...(importMode === undefined ? {} : { importMode }),
  };
}

