/** Real-shaped workloads and streams for the trigger controller's runtime tests over the fake API server. */
import type { ImageStream } from '../../src/core/types.js';
import type { StoredObject } from '../support/fake-apiserver/server.js';
import type { FakeApiServer } from '../support/fake-apiserver.js';
import { event } from '../import/support.js';

export const NS = 'myproject';
export const REPO = '127.0.0.1:5000/acme/app';
export const pinned = (digest: string): string => `${REPO}@${digest}`;

/** The fake API server's resource names of the four kinds. */
export const RESOURCE = { Deployment: 'deployments.apps', DaemonSet: 'daemonsets.apps', StatefulSet: 'statefulsets.apps', CronJob: 'cronjobs.batch' } as const;
export type Kind = keyof typeof RESOURCE;

export interface TriggerSpec {
  tag: string;
  container?: string;
  namespace?: string;
  paused?: boolean;
}

/** The canonical annotation for `triggers` (what `oc set triggers` writes). */
export function annotation(triggers: TriggerSpec[], podSpec = 'spec.template.spec'): string {
  return JSON.stringify(triggers.map((t) => ({
    from: { kind: 'ImageStreamTag', name: t.tag, ...(t.namespace === undefined ? {} : { namespace: t.namespace }) },
    fieldPath: `${podSpec}.containers[?(@.name=="${t.container ?? 'web'}")].image`,
    ...(t.paused === true ? { paused: true } : {}),
  })));
}

/** A workload of `kind` with one container `web` running `image`, carrying `triggers` (a string is written as is). */
export function workload(kind: Kind, name: string, image: string, triggers?: TriggerSpec[] | string, namespace = NS): StoredObject {
  const podSpec = { containers: [{ name: 'web', image }] };
  const template = { metadata: { labels: { app: name } }, spec: podSpec };
  const value = typeof triggers === 'string' ? triggers : triggers === undefined ? undefined : annotation(triggers, kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec');
  const metadata = { name, namespace, uid: `uid-${name}`, ...(value === undefined ? {} : { annotations: { 'image.openshift.io/triggers': value } }) };
  const spec = kind === 'CronJob' ? { schedule: '@daily', jobTemplate: { spec: { template } } } : { selector: { matchLabels: { app: name } }, template };
  return { apiVersion: kind === 'CronJob' ? 'batch/v1' : 'apps/v1', kind, metadata, spec };
}

/** A stream whose tags have the given current digests (recorded as the import controller records them). */
export function tagged(name: string, tags: Record<string, string>, generation = 1, namespace = NS): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace, generation: 1 },
    spec: { tags: [] },
    status: { tags: Object.entries(tags).map(([tag, digest]) => ({ tag, items: [event(pinned(digest), digest, generation)] })) },
  };
}

/** The image of container `web` as the fake API server holds it. */
export function imageOf(api: FakeApiServer, kind: Kind, name: string, namespace = NS): string | undefined {
  const object = api.store.get(RESOURCE[kind], namespace, name) as { spec?: Record<string, unknown> } | undefined;
  const spec = kind === 'CronJob' ? (object?.spec?.jobTemplate as { spec?: Record<string, unknown> } | undefined)?.spec : object?.spec;
  return ((spec?.template as { spec?: { containers?: { image?: string }[] } } | undefined)?.spec?.containers?.[0])?.image;
}

/** PATCH requests the fake API server received for workloads, as `METHOD path?query`. */
export function workloadPatches(api: FakeApiServer): string[] {
  return api.requests.filter((line) => line.startsWith('PATCH /apis/apps/') || line.startsWith('PATCH /apis/batch/'));
}

export interface StoredEvent {
  reason: string;
  type: string;
  message: string;
  involvedObject: { kind: string; name: string; uid?: string };
}

export function events(api: FakeApiServer): StoredEvent[] {
  return api.store.list('events') as unknown as StoredEvent[];
}
