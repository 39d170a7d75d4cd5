import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import jsonpatch from 'fast-json-patch';
import { stringify } from 'yaml';
import { review } from '../core/review.js';
import { createStaticLookups } from '../core/static-lookups.js';
import type { Lookups, PolicyConfig } from '../core/types.js';
import { InputError } from '../errors.js';
import { createAttributesFor } from '../config/create-attributes.js';
import { describeFileError } from '../config/files.js';
import { loadImageStreams } from '../config/image-stream-source.js';
import { readManifests, type Manifest } from '../config/manifests.js';
import { DEFAULT_POLICY_CONFIG, loadPolicyConfigFile } from '../config/policy-config.js';

/** The process streams a command uses, passed in so the command never touches `process` itself. */
export interface CommandIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

const USAGE = 'usage: imagestream-webhook resolve -f FILE|- --imagestreams FILE|DIR [--config FILE] [-n NAMESPACE]\n';

/**
 * kubectl reads YAML 1.1, where unquoted `yes`, `on` or `12:30` are not strings: quote such strings
 * so an env value `"yes"` survives `resolve | kubectl apply -f -`. No line folding keeps diffs readable.
 */
const YAML_OUTPUT = { lineWidth: 0, compat: 'yaml-1.1' } as const;

/** Namespace of objects that name none, as with `kubectl create` and no `-n`. */
const DEFAULT_NAMESPACE = 'default';

interface ResolveOptions {
  filename: string;
  imagestreams: string;
  config: string | undefined;
  namespace: string;
}

/** The outcome of reviewing one manifest: its resolved object, or the rejection message. */
type Reviewed = { resolved: unknown } | { rejected: string };

/**
 * `imagestream-webhook resolve`: resolves short image names in manifests offline, exactly as the
 * webhook would on `kubectl create`, and prints the resolved manifests as YAML. Exit codes:
 * 0 resolved; 1 bad input or a rejected object (then stdout stays empty, so a pipeline never
 * applies a half-resolved set); 2 usage error. Input problems are printed, never stack traces.
 */
export async function runResolve(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseOptions(argv);
  if (parsed === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    io.stderr.write(`resolve: ${parsed}\n${USAGE}`);
    return 2;
  }
  try {
    return await resolveManifests(parsed, io);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    for (const problem of err.problems) io.stderr.write(`error: ${err.source}: ${problem}\n`);
    return 1;
  }
}

/** Returns the options, `'help'`, or a usage error message. */
function parseOptions(argv: string[]): ResolveOptions | string {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(argv);
  } catch (err) {
    const [firstSentence = ''] = (err instanceof Error ? err.message : String(err)).split('. ');
    return firstSentence;
  }
  if (values.help === true) return 'help';
  if (values.filename === undefined || values.filename === '') return 'missing -f FILE (use -f - for stdin)';
  if (values.imagestreams === undefined || values.imagestreams === '') return 'missing --imagestreams FILE|DIR';
  if (values.namespace === '') return '-n NAMESPACE must not be empty';
  return {
    filename: values.filename,
    imagestreams: values.imagestreams,
    config: values.config,
    namespace: values.namespace ?? DEFAULT_NAMESPACE,
  };
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      filename: { type: 'string', short: 'f' },
      imagestreams: { type: 'string' },
      config: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

async function resolveManifests(options: ResolveOptions, io: CommandIO): Promise<number> {
  const config: PolicyConfig =
    options.config === undefined ? { ...DEFAULT_POLICY_CONFIG } : await loadPolicyConfigFile(options.config);
  const streams = await loadImageStreams(options.imagestreams);
  const source = options.filename === '-' ? 'stdin' : options.filename;
  const manifests = await readManifestFile(options.filename, source, io.stdin);
  const lookups = createStaticLookups(streams, options.namespace);
  const results: Reviewed[] = [];
  for (const manifest of manifests) {
    results.push(await reviewManifest(manifest, config, lookups, options.namespace, io.stderr));
  }
  const rejections = results.flatMap((result) => ('rejected' in result ? [result.rejected] : []));
  if (rejections.length > 0) {
    for (const message of rejections) io.stderr.write(`error: ${source}: ${message}\n`);
    return 1;
  }
  const resolved = results.flatMap((result) => ('resolved' in result ? [result.resolved] : []));
  io.stdout.write(resolved.map((object) => stringify(object, YAML_OUTPUT)).join('---\n'));
  return 0;
}

async function reviewManifest(
  manifest: Manifest,
  config: PolicyConfig,
  lookups: Lookups,
  defaultNamespace: string,
  stderr: Writable,
): Promise<Reviewed> {
  const decision = await review(createAttributesFor(manifest.object, defaultNamespace), config, lookups, 'mutate');
  for (const warning of decision.warnings) stderr.write(`warning: ${warning}\n`);
  if (!decision.allowed) {
    return { rejected: `${manifest.where}: ${decision.status?.message ?? 'rejected by image policy'}` };
  }
  const patched = jsonpatch.applyPatch(structuredClone(manifest.object), decision.patch, true, true);
  return { resolved: patched.newDocument };
}

async function readManifestFile(filename: string, source: string, stdin: Readable): Promise<Manifest[]> {
  let text: string;
  try {
    text = filename === '-' ? await readAll(stdin) : await readFile(filename, 'utf8');
  } catch (err) {
    throw new InputError(source, [describeFileError(err)], { cause: err });
  }
  const { manifests, problems } = readManifests(text);
  if (problems.length > 0) throw new InputError(source, problems);
  if (manifests.length === 0) throw new InputError(source, ['no objects found']);
  return manifests;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
