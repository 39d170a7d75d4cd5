/**
 * KIND/NAME arguments (`deployment/web`, `deploy/web`, `deployments.apps/web`, `is/app`) read into
 * the resource to call, with the short names and singular forms kubectl accepts for the kinds
 * these commands change. A kind outside the table gets kubectl's words for an unknown type.
 */
import { goQuote } from '../cli/flags.js';
import type { GroupResource } from '../core/types.js';
import { IMAGE_STREAMS, type ResourceType } from '../kube/resource-types.js';
import { CommandError } from './command-error.js';

/** A resource the commands read and patch, with the Kind kubectl's name printer shows. */
export interface KnownResource {
  type: ResourceType;
  kind: string;
  resource: GroupResource;
}

const known = (group: string, plural: string, kind: string): KnownResource => ({
  type: { group, version: 'v1', plural }, kind, resource: { group, resource: plural },
});

export const STREAM_RESOURCE: KnownResource = { type: IMAGE_STREAMS, kind: 'ImageStream', resource: { group: IMAGE_STREAMS.group, resource: IMAGE_STREAMS.plural } };

const RESOURCES: readonly [KnownResource, readonly string[]][] = [
  [STREAM_RESOURCE, ['is', 'imagestream']],
  [known('apps', 'deployments', 'Deployment'), ['deploy', 'deployment']],
  [known('apps', 'statefulsets', 'StatefulSet'), ['sts', 'statefulset']],
  [known('apps', 'daemonsets', 'DaemonSet'), ['ds', 'daemonset']],
  [known('apps', 'replicasets', 'ReplicaSet'), ['rs', 'replicaset']],
  [known('batch', 'cronjobs', 'CronJob'), ['cj', 'cronjob']],
  [known('batch', 'jobs', 'Job'), ['job']],
  [known('', 'pods', 'Pod'), ['po', 'pod']],
  [known('', 'replicationcontrollers', 'ReplicationController'), ['rc', 'replicationcontroller']],
  [known('', 'podtemplates', 'PodTemplate'), ['podtemplate']],
];

/** Every spelling (plural, singular, short, and each with `.group`) to its resource. */
const BY_NAME: ReadonlyMap<string, KnownResource> = new Map(
  RESOURCES.flatMap(([resource, names]) => [resource.type.plural, ...names].flatMap((name) => {
    const spellings: [string, KnownResource][] = [[name, resource]];
    if (resource.type.group !== '') spellings.push([`${name}.${resource.type.group}`, resource]);
    return spellings;
  })),
);

/** The resource a kind as typed names (any case). */
export function readResourceKind(kind: string): KnownResource {
  const found = BY_NAME.get(kind.toLowerCase());
  if (found === undefined) throw new CommandError(`the server doesn't have a resource type ${goQuote(kind)}`);
  return found;
}

/** One object named on the command line. */
export interface NamedObject {
  known: KnownResource;
  name: string;
}

/**
 * The objects `args` name: `KIND/NAME` each, or kubectl's `KIND NAME…` form; a bare name is an
 * image stream when `bareIsStream` (as `set image-lookup` reads it).
 */
export function readNamedObjects(args: readonly string[], bareIsStream: boolean): NamedObject[] {
  if (args.length > 0 && args.every((arg) => !arg.includes('/')) && !bareIsStream) {
    const [kind = '', ...names] = args;
    const resource = readResourceKind(kind);
    if (names.length === 0) throw new CommandError('resource(s) were provided, but no name was specified');
    return names.map((name) => ({ known: resource, name }));
  }
  return args.map((arg) => {
    const slash = arg.indexOf('/');
    if (slash === -1) {
      if (bareIsStream) return { known: STREAM_RESOURCE, name: arg };
      throw new CommandError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
    }
    const name = arg.slice(slash + 1);
    if (name === '' || name.includes('/')) throw new CommandError(`arguments in resource/name form must have a single resource and name`);
    return { known: readResourceKind(arg.slice(0, slash)), name };
  });
}
