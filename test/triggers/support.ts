/**
 * Real-shaped workloads, streams and annotations for the trigger tables.
 */
import type { ImageStream } from '../../src/core/types.js';
import type { WorkloadKind } from '../../src/triggers/types.js';
import { Da, Db, Dc, Dd, REG, type Container } from '../helpers/builders.js';

export const NS = 'myproject';
export const TEMPLATE = 'spec.template.spec';
export const JOB_TEMPLATE = 'spec.jobTemplate.spec.template.spec';
export const ANNOTATION = 'image.openshift.io/triggers';

/** A trigger entry as JSON text would hold it (any shape, so tables can hold wrong ones too). */
export type RawTrigger = Record<string, unknown> | null | unknown;

/** The canonical path of a named container under `prefix`. */
export const byName = (name: string, list = 'containers', prefix = TEMPLATE): string => `${prefix}.${list}[?(@.name=="${name}")].image`;

/** One trigger on `stream:tag` for `fieldPath`, with extra fields merged in. */
export function trigger(name: string, fieldPath: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { from, ...rest } = extra;
  return { from: { kind: 'ImageStreamTag', name, ...(from as object | undefined) }, fieldPath, ...rest };
}

export const annotation = (...triggers: RawTrigger[]): string => JSON.stringify(triggers);

interface WorkloadOptions {
  name?: string;
  namespace?: string;
  annotation?: string;
  containers?: Container[] | Record<string, unknown>[];
  initContainers?: Container[] | Record<string, unknown>[];
}

/** A workload of `kind` with its pod template in the kind's place (CronJobs nest a Job template). */
export function workload(kind: WorkloadKind, o: WorkloadOptions = {}): Record<string, unknown> {
  const podSpec = { ...(o.initContainers ? { initContainers: o.initContainers } : {}), containers: o.containers ?? [] };
  const template = { metadata: { labels: { app: 'web' } }, spec: podSpec };
  const spec = kind === 'CronJob' ? { schedule: '@hourly', jobTemplate: { spec: { template } } } : { template };
  const apiVersion = kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  const metadata = {
    name: o.name ?? 'web',
    namespace: o.namespace ?? NS,
    ...(o.annotation === undefined ? {} : { annotations: { [ANNOTATION]: o.annotation } }),
  };
  return { apiVersion, kind, metadata, spec };
}

/** A stream with spec tags (Local where listed) and one current event per status tag. */
function stream(namespace: string, name: string, repository: string | undefined, tags: Record<string, string | undefined>, local: string[] = []): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: { tags: Object.keys(tags).map((tag) => ({ name: tag, ...(local.includes(tag) ? { referencePolicy: { type: 'Local' } } : {}) })) },
    status: {
      ...(repository === undefined ? {} : { dockerImageRepository: repository }),
      tags: Object.entries(tags).flatMap(([tag, ref]) => {
        if (ref === undefined) return [];
        const image = ref.slice(ref.indexOf('@') + 1);
        return [{ tag, items: [{ created: '2024-01-01T00:00:00Z', dockerImageReference: ref, image, generation: 1 }] }];
      }),
    },
  };
}

/** Streams of the trigger tables: app (Source and Local tags, `pushed` to the integrated registry, one pending), norepo (Local, no repository), other/base. */
export const STREAMS: ImageStream[] = [
  stream(NS, 'app', `${REG}/${NS}/app`, {
    v1: `quay.io/acme/app@${Da}`, v2: `quay.io/acme/app@${Db}`, local: `quay.io/acme/app@${Dc}`, pushed: `${REG}/${NS}/app@${Dd}`, pending: undefined,
  }, ['local', 'pushed']),
  stream(NS, 'norepo', undefined, { v1: `quay.io/acme/norepo@${Dd}` }, ['v1']),
  stream('other', 'base', `${REG}/other/base`, { v1: `quay.io/acme/base@${Dd}` }),
];
