/**
 * `import-image` decided on the stream as read: the write that asks the import controller for a
 * (re-)import, and the tags whose outcome to wait for. A tag is asked by setting its `generation`
 * to 0, as oc's clients do, keeping its other settings unless a flag changes them. When the tag is
 * at 0 already (no stamping webhook replaced the last request), a second 0 would be a no-op write
 * the controller never sees, so the tag's `imagestream-webhook.io/import-requested` annotation gets
 * the request's time: a real spec change, which bumps `metadata.generation` and so asks again. A
 * `spec.dockerImageRepository` stream with `--all` is asked by emptying its
 * `openshift.io/image.dockerRepositoryCheck` annotation, as OpenShift 3's clients do.
 */
import { goQuote } from '../cli/flags.js';
import { REPOSITORY_CHECK_ANNOTATION } from '../import/repository-check.js';
import { CommandError } from './command-error.js';
import { setGuarded } from './guarded-patch.js';
import type { ImportImageArguments } from './import-image-arguments.js';
import type { ShownImageStream, ShownTagReference } from './shown-stream.js';
import type { StreamWrite } from './tag-write.js';

/** The spec tag annotation that makes a repeated request a real change. */
export const IMPORT_REQUESTED_ANNOTATION = 'imagestream-webhook.io/import-requested';

export interface ImportRequest {
  write: StreamWrite;
  /** The tags to wait for; empty for a repository stream (every listed tag counts). */
  tags: string[];
  /** A repository stream's listing was requested: wait for the check annotation to be written back. */
  repository: boolean;
}

/** The new tag's import settings from the flags, over the ones it had. */
function withFlags(tag: ShownTagReference, a: ImportImageArguments, requestedAt: string): ShownTagReference {
  const policy = { ...(tag.importPolicy ?? {}) };
  if (a.insecure !== undefined) policy.insecure = a.insecure;
  if (a.scheduled) policy.scheduled = true;
  if (a.importMode !== undefined) policy.importMode = a.importMode;
  const again = tag.generation === 0;
  return {
    ...tag,
    generation: 0,
    ...(Object.keys(policy).length === 0 ? {} : { importPolicy: policy }),
    ...(a.referencePolicy === undefined ? {} : { referencePolicy: { type: a.referencePolicy } }),
    ...(again ? { annotations: { ...(tag.annotations ?? {}), [IMPORT_REQUESTED_ANNOTATION]: requestedAt } } : {}),
  };
}

const dockerTag = (name: string, from: string, a: ImportImageArguments, requestedAt: string): ShownTagReference =>
  withFlags({ name, from: { kind: 'DockerImage', name: from }, referencePolicy: { type: 'Source' } }, a, requestedAt);

/** A repository (`quay.io/acme/app`) with `:tag` appended. */
const withTag = (repository: string, tag: string): string => `${repository}:${tag}`;

/** A new stream for `--confirm`: one tag from `--from` (or NAME), or with `--all` the whole repository. */
function createRequest(namespace: string, a: ImportImageArguments, requestedAt: string): ImportRequest {
  const metadata = { name: a.stream, namespace };
  if (a.all) {
    const object: ShownImageStream = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata, spec: { dockerImageRepository: a.from ?? a.target } };
    return { write: { kind: 'create', namespace, name: a.stream, object }, tags: [], repository: true };
  }
  const tag = a.tag ?? 'latest';
  // NAME is the source when --from is not given (`import-image mysql --confirm` imports mysql:latest).
  const source = a.from ?? (a.target.endsWith(`:${tag}`) ? a.target : withTag(a.target, tag));
  const object: ShownImageStream = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata, spec: { tags: [dockerTag(tag, source, a, requestedAt)] } };
  return { write: { kind: 'create', namespace, name: a.stream, object }, tags: [tag], repository: false };
}

function patchTags(stream: ShownImageStream, changed: ReadonlyMap<number, ShownTagReference>, added: ShownTagReference[]): StreamWrite {
  const patch = [...changed].flatMap(([index, tag]) => setGuarded(stream, ['spec', 'tags', String(index)], tag));
  for (const tag of added) patch.push(...setGuarded(stream, ['spec', 'tags', '-'], tag));
  return { kind: 'patch', namespace: stream.metadata.namespace ?? '', name: stream.metadata.name, patch };
}

/** `--all` on an existing stream: the repository's listing, or every container-image tag again. */
function importAll(stream: ShownImageStream, a: ImportImageArguments, requestedAt: string): ImportRequest {
  const repository = stream.spec?.dockerImageRepository ?? '';
  if (repository !== '') {
    if (a.from !== undefined && a.from !== repository && !a.confirm) {
      throw new CommandError(`the image stream imports from ${goQuote(repository)}: pass --confirm to import from ${goQuote(a.from)} instead`);
    }
    const patch = setGuarded(stream, ['metadata', 'annotations', REPOSITORY_CHECK_ANNOTATION], '');
    if (a.from !== undefined && a.from !== repository) patch.push(...setGuarded(stream, ['spec', 'dockerImageRepository'], a.from));
    return { write: { kind: 'patch', namespace: stream.metadata.namespace ?? '', name: stream.metadata.name, patch }, tags: [], repository: true };
  }
  const changed = new Map<number, ShownTagReference>();
  (stream.spec?.tags ?? []).forEach((tag, index) => {
    if (tag.from?.kind === 'DockerImage' && tag.reference !== true) changed.set(index, withFlags(tag, a, requestedAt));
  });
  if (changed.size === 0) throw new CommandError(`image stream ${goQuote(stream.metadata.name)} has no tags that import container images`);
  return { write: patchTags(stream, changed, []), tags: [...changed.values()].map((tag) => tag.name), repository: false };
}

/** One tag of an existing stream, with oc's refusals. */
function importTag(stream: ShownImageStream, a: ImportImageArguments, tagName: string, requestedAt: string): ImportRequest {
  const tags = stream.spec?.tags ?? [];
  const index = tags.findIndex((tag) => tag.name === tagName);
  const existing = tags[index];
  if (existing === undefined) {
    const repository = stream.spec?.dockerImageRepository ?? '';
    const from = a.from ?? (repository === '' ? undefined : withTag(repository, tagName));
    if (from === undefined) {
      throw new CommandError(`the tag ${goQuote(tagName)} does not exist on the image stream - choose an existing tag to import or use the 'tag' command to create a new tag`);
    }
    return { write: patchTags(stream, new Map(), [dockerTag(tagName, from, a, requestedAt)]), tags: [tagName], repository: false };
  }
  const from = existing.from;
  if (from !== undefined && from !== null && from.kind !== 'DockerImage') {
    throw new CommandError(`tag ${goQuote(tagName)} points to existing ${from.kind} ${goQuote(from.name)}, it cannot be re-imported`);
  }
  let tag = existing;
  if (a.from !== undefined && a.from !== from?.name) {
    if (!a.confirm) throw new CommandError(`tag ${goQuote(tagName)} imports from ${goQuote(from?.name ?? '')}: pass --confirm to import from ${goQuote(a.from)} instead`);
    tag = { ...existing, from: { kind: 'DockerImage', name: a.from } };
  }
  return { write: patchTags(stream, new Map([[index, withFlags(tag, a, requestedAt)]]), []), tags: [tagName], repository: false };
}

/**
 * The request for `a` on `stream` as read (undefined: it does not exist). `requestedAt` is the
 * request's time, RFC 3339.
 */
export function importRequest(stream: ShownImageStream | undefined, namespace: string, a: ImportImageArguments, requestedAt: string): ImportRequest {
  if (stream === undefined) {
    if (!a.confirm) throw new CommandError(`no image stream named ${goQuote(a.stream)} exists, pass --confirm to create and import`);
    return createRequest(namespace, a, requestedAt);
  }
  return a.all ? importAll(stream, a, requestedAt) : importTag(stream, a, a.tag ?? 'latest', requestedAt);
}
