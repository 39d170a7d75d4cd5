/**
 * `tag` against the cluster: reads the source stream when a stream tag must be pinned, then for
 * each destination reads the stream, decides the write (tag-write.ts) and sends it; a write that
 * lost to a concurrent change is decided again on a fresh read.
 */
import { IMAGE_STREAMS } from '../kube/resource-types.js';
import { withFreshReads, type PluginCluster } from './cluster.js';
import type { WriteMode } from './invocation.js';
import { formatObjects, withDryRunNote, type DryRun } from './object-output.js';
import type { CommandContext } from './run-command.js';
import type { ShownImageStream } from './shown-stream.js';
import { readTagRequest, settleSource, sourceStreamToRead, type TagArguments, type TagDestination, type TagRequest } from './tag-request.js';
import type { TagSource } from './tag-source.js';
import { deleteTagWrite, tagWrite, type StreamWrite } from './tag-write.js';
import { specTagFor, tagSuccessLine } from './tag-reference.js';

const readStream = (cluster: PluginCluster, namespace: string, name: string): Promise<ShownImageStream | undefined> =>
  cluster.get<ShownImageStream>(IMAGE_STREAMS, namespace, name);

/** Sends one stream write (patch of `current`, or create) and answers the stream as written. */
export async function sendStreamWrite(cluster: PluginCluster, write: StreamWrite, current: ShownImageStream | undefined, dryRun: DryRun): Promise<ShownImageStream> {
  if (write.kind === 'create') return await cluster.create<ShownImageStream>(IMAGE_STREAMS, write.namespace, write.object, dryRun);
  // A patch is only ever decided on a stream that was read.
  if (current === undefined) throw new TypeError(`a patch of ${write.namespace}/${write.name} without the stream it was decided on`);
  return await cluster.patch<ShownImageStream>(IMAGE_STREAMS, current, write, write.patch, dryRun);
}

interface Outcome {
  line: string;
  object?: ShownImageStream;
}

async function setTag(context: CommandContext, request: TagRequest, source: TagSource, destination: TagDestination, dryRun: DryRun): Promise<Outcome> {
  const { cluster } = context;
  const tag = specTagFor(request, source, destination);
  const object = await withFreshReads(async () => {
    const stream = await readStream(cluster, destination.namespace, destination.stream);
    return await sendStreamWrite(cluster, tagWrite(stream, destination, tag), stream, dryRun);
  });
  return { line: tagSuccessLine(request, source, destination), object };
}

async function deleteTag(context: CommandContext, destination: TagDestination, dryRun: DryRun): Promise<Outcome> {
  const { cluster } = context;
  return await withFreshReads(async () => {
    const stream = await readStream(cluster, destination.namespace, destination.stream);
    const deletion = deleteTagWrite(stream, destination);
    if (deletion.write === undefined) return { line: deletion.line };
    return { line: deletion.line, object: await sendStreamWrite(cluster, deletion.write, stream, dryRun) };
  });
}

export async function runTag(args: TagArguments, write: WriteMode, context: CommandContext): Promise<number> {
  const { cluster, output } = context;
  const request = readTagRequest(args, cluster.namespace);
  const outcomes: Outcome[] = [];
  if (request.source === undefined) {
    // As in oc, tags are deleted in the order given: a tag that does not exist stops the command
    // after the ones before it were deleted.
    for (const destination of request.destinations) outcomes.push(await deleteTag(context, destination, write.dryRun));
  } else {
    const toRead = sourceStreamToRead(request);
    const sourceStream = toRead === undefined ? undefined : await readStream(cluster, toRead.namespace, toRead.name);
    const source = settleSource(request, sourceStream);
    for (const destination of request.destinations) outcomes.push(await setTag(context, request, source, destination, write.dryRun));
  }
  if (write.output !== undefined) {
    const objects = outcomes.flatMap((outcome) => (outcome.object === undefined ? [] : [outcome.object]));
    if (objects.length > 0) output.stdout(formatObjects(objects, write.output));
    return 0;
  }
  for (const outcome of outcomes) output.stdout(`${withDryRunNote(outcome.line, write.dryRun)}\n`);
  return 0;
}
