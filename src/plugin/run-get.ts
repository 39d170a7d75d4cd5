/**
 * `get` and `describe` against the cluster: the named streams (each must exist), or every stream
 * of the namespace; a namespace without any gets kubectl's `No resources found in <ns> namespace.`
 * on stderr and exit code 0.
 */
import { IMAGE_STREAMS } from '../kube/resource-types.js';
import { notFound } from './cluster.js';
import { describeImageStream } from './describe-stream.js';
import { formatStreamTable, noResourcesLine } from './get-table.js';
import { formatList, formatObject, type OutputFormat } from './object-output.js';
import type { CommandContext } from './run-command.js';
import type { ShownImageStream } from './shown-stream.js';

async function readStreams(names: readonly string[], context: CommandContext): Promise<ShownImageStream[]> {
  const { cluster } = context;
  if (names.length === 0) return await cluster.list<ShownImageStream>(IMAGE_STREAMS, cluster.namespace);
  const streams: ShownImageStream[] = [];
  for (const name of names) {
    const stream = await cluster.get<ShownImageStream>(IMAGE_STREAMS, cluster.namespace, name);
    if (stream === undefined) throw notFound(IMAGE_STREAMS, name);
    streams.push(stream);
  }
  return streams;
}

/** A listed stream as `-o` prints it: with the kind and apiVersion a list's items leave out. */
const asObject = (stream: ShownImageStream): ShownImageStream => ({ ...stream, apiVersion: 'image.openshift.io/v1', kind: 'ImageStream' });

export async function runGet(names: readonly string[], format: OutputFormat | undefined, context: CommandContext): Promise<number> {
  const streams = await readStreams(names, context);
  if (format !== undefined) {
    // One named object prints alone; a listing (no names, or several) prints a List, as kubectl does.
    const objects = streams.map(asObject);
    context.output.stdout(names.length === 1 ? formatObject(objects[0], format) : formatList(objects, format));
    return 0;
  }
  if (streams.length === 0) {
    context.output.stderr(`${noResourcesLine(context.cluster.namespace)}\n`);
    return 0;
  }
  context.output.stdout(formatStreamTable(streams, context.now()));
  return 0;
}

export async function runDescribe(names: readonly string[], context: CommandContext): Promise<number> {
  const streams = await readStreams(names, context);
  if (streams.length === 0) {
    context.output.stderr(`${noResourcesLine(context.cluster.namespace)}\n`);
    return 0;
  }
  context.output.stdout(`${streams.map((stream) => describeImageStream(stream, context.now())).join('\n\n')}`);
  return 0;
}
