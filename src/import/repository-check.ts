/**
 * Re-importing a `spec.dockerImageRepository` stream, OpenShift's way: the importer records each
 * listing of the repository in the stream annotation `openshift.io/image.dockerRepositoryCheck`
 * (the time of the check), and a stream whose annotation is absent or empty asks for the
 * repository to be listed and every listed tag imported again. So a user (or `oc import-image`,
 * which empties it) asks for a re-import with
 * `kubectl annotate imagestream NAME openshift.io/image.dockerRepositoryCheck-`, and the controller
 * answers by writing the time once the listing succeeded. Pure: the controller sends the patch.
 */
import type { ImageStream } from '../core/types.js';

export const REPOSITORY_CHECK_ANNOTATION = 'openshift.io/image.dockerRepositoryCheck';

/** One RFC 6902 operation on the stream's metadata. */
export interface MetadataOperation {
  op: 'test' | 'add' | 'replace';
  path: string;
  value: unknown;
}

/** True when the stream tracks a repository and its check annotation is absent or empty. */
export function repositoryCheckRequested(stream: ImageStream): boolean {
  if ((stream.spec?.dockerImageRepository?.trim() ?? '') === '') return false;
  return (stream.metadata.annotations?.[REPOSITORY_CHECK_ANNOTATION] ?? '') === '';
}

/** RFC 6901: `~` and `/` in a member name are escaped. */
function pointer(key: string): string {
  return `/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * The JSON patch that records the check at `checkedAt` on the stream as read. The controller never
 * writes `spec`, and must not overwrite a concurrent writer's annotations: an existing annotation
 * is `test`ed for the value that was read; an absent one cannot be tested, so the object's
 * `resourceVersion` is (any write since the read fails the patch, and the next watch event decides
 * again). `metadata.annotations` is created only when the object as read had none at all.
 */
export function repositoryCheckPatch(stream: ImageStream, checkedAt: string): MetadataOperation[] {
  const annotations = stream.metadata.annotations;
  const current = annotations?.[REPOSITORY_CHECK_ANNOTATION];
  if (current !== undefined) {
    return [
      { op: 'test', path: pointer(REPOSITORY_CHECK_ANNOTATION), value: current },
      { op: 'replace', path: pointer(REPOSITORY_CHECK_ANNOTATION), value: checkedAt },
    ];
  }
  const version = { op: 'test' as const, path: '/metadata/resourceVersion', value: stream.metadata.resourceVersion ?? '' };
  if (annotations == null) return [version, { op: 'add', path: '/metadata/annotations', value: { [REPOSITORY_CHECK_ANNOTATION]: checkedAt } }];
  return [version, { op: 'add', path: pointer(REPOSITORY_CHECK_ANNOTATION), value: checkedAt }];
}
