import { parseArgs } from 'node:util';
import { loadImageStreams } from '../config/image-stream-source.js';
import type { ImageStream } from '../core/types.js';
import { InputError } from '../errors.js';
import { loadKubeConnection } from '../kube/kube-connection.js';
import { IMAGE_STREAMS } from '../kube/resource-types.js';
import { patchObject } from '../kube/resources.js';
import { createRestClient, type RestClient } from '../kube/rest-client.js';
import { errorFields } from '../log.js';

export const LOAD_USAGE = `usage: imagestream-webhook load-imagestreams -f FILE|DIR [-n NAMESPACE] [--kubeconfig FILE]

Creates or updates ImageStreams on a cluster together with their status. \`kubectl apply\` drops
status (a subresource), so an example stream applied that way has no tags to resolve; this applies
each stream (server-side apply) and then writes its status through the status subresource, the way
an importer would. Use it for static streams and examples; streams with an importer fill their own.

  -f FILE|DIR          ImageStreams (YAML or JSON; a directory means its .yaml, .yml and .json files)
  -n NAMESPACE         namespace for every stream (default: each stream's metadata.namespace, else "default")
  --kubeconfig FILE    cluster access (default: $KUBECONFIG or ~/.kube/config)
`;

const FIELD_MANAGER = 'imagestream-webhook-load';

function parseOptions(argv: string[]): { file: string; namespace?: string; kubeconfig?: string } | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  let values;
  try {
    values = parseArgs({
      args: argv, strict: true,
      options: { file: { type: 'string', short: 'f' }, namespace: { type: 'string', short: 'n' }, kubeconfig: { type: 'string' } },
    }).values;
  } catch (err) {
    throw new InputError('load-imagestreams flags', [errorFields(err).error]);
  }
  if (!values.file) throw new InputError('load-imagestreams flags', ['-f FILE|DIR is required']);
  return {
    file: values.file,
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
  };
}

/** The stream as applied: its own fields without status, server-managed metadata or a namespace of its own. */
function forApply(stream: ImageStream, namespace: string): object {
  const { name, annotations } = stream.metadata;
  return {
    apiVersion: 'image.openshift.io/v1', kind: 'ImageStream',
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    ...(stream.spec ? { spec: stream.spec } : {}),
  };
}

/** Applies one stream (server-side apply, so a second run changes nothing), then merges its status in. */
async function load(client: RestClient, stream: ImageStream, namespace: string): Promise<void> {
  const where = `imagestream ${namespace}/${stream.metadata.name}`;
  const ref = { namespace, name: stream.metadata.name };
  try {
    await patchObject(client, IMAGE_STREAMS, ref, 'application/apply-patch+yaml', forApply(stream, namespace), { fieldManager: FIELD_MANAGER, force: true });
    if (stream.status) await patchObject(client, IMAGE_STREAMS, { ...ref, subresource: 'status' }, 'application/merge-patch+json', { status: stream.status });
  } catch (err) {
    throw new InputError(where, [errorFields(err).error], { cause: err });
  }
  const tags = stream.status?.tags?.length ?? 0;
  process.stdout.write(`${where}: applied${stream.status ? `, status written (${tags} tags)` : ', no status in the file'}\n`);
}

/**
 * `imagestream-webhook load-imagestreams`: exit codes 0 all loaded, 1 a file or cluster problem (the
 * message names the file or stream), 2 bad flags.
 */
export async function runLoadImageStreams(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const o = parseOptions(argv);
    if (o === 'help') {
      process.stdout.write(LOAD_USAGE);
      return 0;
    }
    const streams = await loadImageStreams(o.file);
    const client = createRestClient(loadKubeConnection({ ...(o.kubeconfig === undefined ? {} : { kubeconfig: o.kubeconfig }), env }));
    try {
      for (const stream of streams) await load(client, stream, o.namespace ?? stream.metadata.namespace ?? 'default');
    } finally {
      client.close();
    }
    return 0;
  } catch (err) {
    const usage = err instanceof InputError && err.source === 'load-imagestreams flags';
    process.stderr.write(`load-imagestreams: ${errorFields(err).error}\n${usage ? LOAD_USAGE : ''}`);
    return usage ? 2 : 1;
  }
}
