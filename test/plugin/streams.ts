/**
 * Real-shaped image streams for the plugin's tables, as the API server returns them after the
 * import controller wrote their status: a registry-fed stream with an alias, a pinned tag, a
 * reference tag, a scheduled tag and a failing import.
 */
import { Da, Db, Dc } from '../helpers/builders.js';
import type { ShownImageStream } from '../../src/plugin/shown-stream.js';

export { Da, Db, Dc };

/** The clock of every printer case: 2024-05-01 12:00:00 UTC. */
export const NOW = new Date('2024-05-01T12:00:00Z');
/** `minutes` before NOW, as the API server writes times. */
export const before = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString().replace('.000Z', 'Z');

export function appStream(): ShownImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: {
      name: 'app', namespace: 'team', resourceVersion: '4711', generation: 6, creationTimestamp: before(3 * 24 * 60),
      labels: { tier: 'web', app: 'shop' }, annotations: { description: 'The shop front end', 'example.com/owner': 'team-a' },
    },
    spec: {
      lookupPolicy: { local: true },
      tags: [
        { name: 'v1', from: { kind: 'DockerImage', name: 'quay.io/acme/app:v1' }, generation: 2, importPolicy: { scheduled: true }, referencePolicy: { type: 'Source' } },
        { name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/acme/app:v2' }, generation: 3, referencePolicy: { type: 'Local' } },
        { name: 'latest', from: { kind: 'ImageStreamTag', name: 'app:v1' }, generation: 4, referencePolicy: { type: 'Source' } },
        { name: 'prod', from: { kind: 'ImageStreamImage', name: `app@${Da}` }, generation: 5, referencePolicy: { type: 'Source' } },
        { name: 'ref', from: { kind: 'DockerImage', name: 'quay.io/acme/tools:1' }, reference: true, generation: 5, referencePolicy: { type: 'Source' } },
        { name: 'broken', from: { kind: 'DockerImage', name: 'quay.io/acme/app:missing' }, generation: 6, importPolicy: { insecure: true }, referencePolicy: { type: 'Source' } },
      ],
    },
    status: {
      dockerImageRepository: 'registry.example.com/team/app',
      tags: [
        { tag: 'v1', items: [
          { created: before(5), dockerImageReference: `quay.io/acme/app@${Db}`, image: Db, generation: 2 },
          { created: before(2 * 60), dockerImageReference: `quay.io/acme/app@${Da}`, image: Da, generation: 2 },
        ] },
        { tag: 'v2', items: [{ created: before(30), dockerImageReference: `quay.io/acme/app@${Dc}`, image: Dc, generation: 3 }] },
        { tag: 'latest', items: [{ created: before(5), dockerImageReference: `quay.io/acme/app@${Db}`, image: Db, generation: 4 }] },
        { tag: 'prod', items: [{ created: before(60), dockerImageReference: `quay.io/acme/app@${Da}`, image: Da, generation: 5 }] },
        { tag: 'ref', items: [{ created: before(61), dockerImageReference: 'quay.io/acme/tools:1', image: '', generation: 5 }] },
        { tag: 'broken', conditions: [{
          type: 'ImportSuccess', status: 'False', lastTransitionTime: before(2), reason: 'NotFound', generation: 6,
          message: 'quay.io/acme/app:missing: not found',
        }] },
      ],
    },
  };
}

/** A stream with nothing in it yet. */
export function emptyStream(name = 'empty'): ShownImageStream {
  return { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, namespace: 'team', resourceVersion: '12', generation: 1 } };
}
