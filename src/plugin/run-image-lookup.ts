/**
 * `set image-lookup` against the cluster: lists (no arguments, or `--list`) or changes whether
 * short names resolve through image streams, on streams (`spec.lookupPolicy.local`) and on
 * workloads (the resolve-names annotation). Each object is read, decided and patched with a guard;
 * an object already as asked is neither written nor printed, as oc prints only what it changed.
 */
import type { Operation } from 'fast-json-patch';
import { notFound, withFreshReads } from './cluster.js';
import { CommandError } from './command-error.js';
import { formatLookupTable, streamLookupPatch, streamLookupRow, workloadLookupPatch, workloadLookupRow, type LookupRow } from './image-lookup.js';
import type { ImageLookupArguments, WriteMode } from './invocation.js';
import { formatObjects, nameLine } from './object-output.js';
import { readNamedObjects, STREAM_RESOURCE, type NamedObject } from './resource-args.js';
import type { CommandContext } from './run-command.js';
import type { ShownImageStream } from './shown-stream.js';

const isStream = (object: NamedObject): boolean => object.known === STREAM_RESOURCE;

function lookupPatch(target: NamedObject, object: unknown, enabled: boolean): Operation[] {
  if (isStream(target)) return streamLookupPatch(object as ShownImageStream, enabled);
  return workloadLookupPatch({ resource: target.known.resource, object }, enabled);
}

function lookupRow(target: NamedObject, object: unknown): LookupRow {
  return isStream(target) ? streamLookupRow(object as ShownImageStream) : workloadLookupRow({ resource: target.known.resource, object });
}

async function readTarget(context: CommandContext, target: NamedObject): Promise<unknown> {
  const object = await context.cluster.get<unknown>(target.known.type, context.cluster.namespace, target.name);
  if (object === undefined) throw notFound(target.known.type, target.name);
  return object;
}

/** Changes one object; answers the object as written, or undefined when it already was as asked. */
async function change(context: CommandContext, target: NamedObject, enabled: boolean, write: WriteMode): Promise<unknown> {
  return await withFreshReads(async () => {
    const object = await readTarget(context, target);
    const patch = lookupPatch(target, object, enabled);
    if (patch.length === 0) return undefined;
    return await context.cluster.patch(target.known.type, object, { namespace: context.cluster.namespace, name: target.name }, patch, write.dryRun);
  });
}

export async function runImageLookup(args: ImageLookupArguments, write: WriteMode, context: CommandContext): Promise<number> {
  const { cluster, output } = context;
  if (args.all && args.names.length > 0) throw new CommandError('you may not specify individual resources with --all');
  const listAll = args.names.length === 0 && !args.all;
  let targets: NamedObject[];
  let listed: ShownImageStream[] | undefined;
  if (args.names.length > 0) {
    targets = readNamedObjects(args.names, true);
  } else {
    listed = await cluster.list<ShownImageStream>(STREAM_RESOURCE.type, cluster.namespace);
    targets = listed.map((stream) => ({ known: STREAM_RESOURCE, name: stream.metadata.name }));
  }
  if (listAll || args.list) {
    const rows: LookupRow[] = [];
    for (const [index, target] of targets.entries()) rows.push(lookupRow(target, listed?.[index] ?? (await readTarget(context, target))));
    output.stdout(formatLookupTable(rows));
    return 0;
  }
  const written: unknown[] = [];
  for (const target of targets) {
    const object = await change(context, target, args.enabled, write);
    if (object === undefined) continue;
    written.push(object);
    if (write.output === undefined) output.stdout(`${nameLine(target.known.kind, target.known.type.group, target.name, 'image lookup updated', write.dryRun)}\n`);
  }
  if (write.output !== undefined && written.length > 0) output.stdout(formatObjects(written, write.output));
  return 0;
}
