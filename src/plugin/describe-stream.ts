/**
 * `describe` of an ImageStream in the layout of `oc describe is`: the object's head, its image
 * repository and lookup policy, the number of unique images and tags, then one section per tag
 * (newest-looking first) with where the tag comes from, its import state, its failed import and
 * its history, each event with its age and, when the pull spec does not show it, its digest.
 * Tags that only follow another tag of the stream are listed beside it, `latest (prod, stable)`.
 */
import { parseImageRef } from '../core/image-ref.js';
import { observedGeneration, requestedGeneration } from '../import/generations.js';
import { newestTags } from '../import/tag-order.js';
import { describeMetadata, DescribeLines } from './describe-meta.js';
import { elapsedSince, humanAge } from './durations.js';
import type { ShownImageStream, ShownTagEventList, ShownTagReference } from './shown-stream.js';
import { alignColumns, OC_DESCRIBE } from './tab-writer.js';
import { followedTags } from './tag-aliases.js';

/** "N ago" for an RFC 3339 time, `<unknown>` when it is missing. */
function ago(time: string | undefined, now: Date): string {
  const elapsed = elapsedSince(time, now);
  return elapsed === undefined ? '<unknown>' : `${humanAge(elapsed)} ago`;
}

/**
 * Distinct images in the history, counted as oc counts them: by digest, with every event that has
 * a pull spec but no digest (reference tags) counting together as one.
 */
function uniqueImages(stream: ShownImageStream): number {
  const images = new Set<string>();
  for (const entry of stream.status?.tags ?? []) {
    for (const item of entry.items ?? []) if ((item.image ?? '') !== '' || (item.dockerImageReference ?? '') !== '') images.add(item.image ?? '');
  }
  return images.size;
}

/** `from` as shown: `<namespace>/<name>` when the source is in another namespace. */
function sourceName(stream: ShownImageStream, tag: ShownTagReference): string {
  const from = tag.from;
  if (from === undefined || from === null) return '';
  return (from.namespace ?? '') !== '' && from.namespace !== stream.metadata.namespace ? `${from.namespace}/${from.name}` : from.name;
}

/** oc's line saying where a tag's images come from. */
function sourceLine(stream: ShownImageStream, tag: ShownTagReference | undefined): string {
  if (tag === undefined) return '  no spec tag';
  if (tag.from === undefined || tag.from === null) return '  tag without source image';
  const name = sourceName(stream, tag);
  const { kind } = tag.from;
  const reference = tag.reference === true;
  const scheduled = tag.importPolicy?.scheduled === true;
  if (kind === 'ImageStreamTag') return reference ? `  reference to ${name}` : scheduled ? `  updates automatically from ${name}` : `  tagged from ${name}`;
  if (kind === 'DockerImage') return reference ? `  reference to registry ${name}` : scheduled ? `  updates automatically from registry ${name}` : `  tagged from ${name}`;
  if (kind === 'ImageStreamImage') return reference ? `  reference to image ${name}` : `  tagged from ${name}`;
  return reference ? `  reference to ${kind} ${name}` : `  updates from ${kind} ${name}`;
}

/**
 * True while the tag waits for an import: it asks for a newer generation than its status answers,
 * by the import controller's own bookkeeping. Its readers take the import core's view of a stream,
 * which has every field they read; the casts go once that view is the project's one model.
 */
function isImporting(stream: ShownImageStream, tag: ShownTagReference, status: ShownTagEventList | undefined): boolean {
  if (tag.reference === true) return false;
  const requested = requestedGeneration(stream as unknown as Parameters<typeof requestedGeneration>[0], tag);
  return requested > observedGeneration(status as Parameters<typeof observedGeneration>[0]);
}

function tagNotes(out: DescribeLines, tag: ShownTagReference | undefined): void {
  const annotations = tag?.annotations ?? {};
  const notes = [
    annotations.description ?? '',
    annotations.tags ? `Tags: ${annotations.tags.split(',').join(', ')}` : '',
    annotations.supports ? `Supports: ${annotations.supports.split(',').join(', ')}` : '',
    annotations.sampleRepo ? `Example Repo: ${annotations.sampleRepo}` : '',
  ].filter((note) => note !== '');
  for (const note of notes) out.line(`  ${note}`);
  if (notes.length > 0) out.line();
}

function history(out: DescribeLines, status: ShownTagEventList | undefined, now: Date): void {
  for (const condition of status?.conditions ?? []) {
    if (condition.type !== 'ImportSuccess' || condition.status !== 'False') continue;
    out.line(`  ! error: Import failed (${condition.reason ?? ''}): ${condition.message ?? ''}`);
    out.line(`      ${ago(condition.lastTransitionTime, now)}`);
  }
  (status?.items ?? []).forEach((event, index) => {
    const pullSpec = event.dockerImageReference ?? '';
    out.line(`${index === 0 ? '  * ' : '    '}${pullSpec}`);
    let digestShown = false;
    try {
      digestShown = parseImageRef(pullSpec).id === event.image;
    } catch {
      digestShown = false;
    }
    const image = event.image ?? '';
    out.line(image !== '' && !digestShown ? `      ${ago(event.created, now)}\t${image}` : `      ${ago(event.created, now)}`);
  });
}

function tagSection(out: DescribeLines, stream: ShownImageStream, name: string, followers: readonly string[], now: Date): void {
  const tag = stream.spec?.tags?.find((entry) => entry.name === name);
  const status = stream.status?.tags?.find((entry) => entry.tag === name);
  out.line(followers.length === 0 ? name : `${name} (${followers.join(', ')})`);
  out.line(sourceLine(stream, tag));
  if (tag?.importPolicy?.insecure === true) out.line('    will use insecure HTTPS or HTTP connections');
  if (tag?.referencePolicy?.type === 'Local') out.line('    prefer registry pullthrough when referencing this tag');
  out.line();
  tagNotes(out, tag);
  if (tag !== undefined && tag.from !== undefined && tag.from !== null && isImporting(stream, tag, status)) out.line('  ~ importing latest image ...');
  history(out, status, now);
}

/** The whole description, as oc prints it; `now` is the clock the ages are measured on. */
export function describeImageStream(stream: ShownImageStream, now: Date): string {
  const out = new DescribeLines();
  describeMetadata(out, stream.metadata, now);
  out.field('Image Repository', stream.status?.publicDockerImageRepository || stream.status?.dockerImageRepository || '');
  out.field('Image Lookup', `local=${String(stream.spec?.lookupPolicy?.local ?? false)}`);
  const statusNames = (stream.status?.tags ?? []).map((entry) => entry.tag);
  const known = new Set(statusNames);
  const names = [...statusNames, ...(stream.spec?.tags ?? []).map((tag) => tag.name).filter((name) => !known.has(name))];
  if (names.length === 0) {
    out.field('Tags', '');
  } else {
    const { followers, following } = followedTags(stream);
    out.field('Unique Images', String(uniqueImages(stream)));
    out.field('Tags', String(names.length));
    out.line();
    newestTags(names, names.length)
      .filter((name) => !following.has(name))
      .forEach((name, index) => {
        if (index > 0) out.line();
        tagSection(out, stream, name, newestTags(followers.get(name) ?? [], Number.MAX_SAFE_INTEGER), now);
      });
  }
  out.line();
  return alignColumns(out.lines.join('\n'), OC_DESCRIBE);
}
