/**
 * `get`'s table: NAME, IMAGE REPOSITORY, TAGS, UPDATED, aligned as kubectl aligns tables. TAGS
 * lists every tag with history, newest-looking first (the CRD's printer column can show only
 * one); UPDATED is the age of the newest current event, in kubectl's short form (`5m`, `2d`).
 */
import { newestTags } from '../import/tag-order.js';
import { elapsedSince, shortAge } from './durations.js';
import type { ShownImageStream } from './shown-stream.js';
import { alignColumns, KUBECTL_TABLE } from './tab-writer.js';

/** The repository oc shows: the public one, else the stream's own, else the one it imports from. */
export function shownRepository(stream: ShownImageStream): string {
  return stream.status?.publicDockerImageRepository || stream.spec?.dockerImageRepository || stream.status?.dockerImageRepository || '';
}

/** Milliseconds since the newest current event of any tag, or undefined when no tag has one. */
function sinceUpdate(stream: ShownImageStream, now: Date): number | undefined {
  let newest: number | undefined;
  for (const entry of stream.status?.tags ?? []) {
    const elapsed = elapsedSince(entry.items?.[0]?.created, now);
    if (elapsed !== undefined && (newest === undefined || elapsed < newest)) newest = elapsed;
  }
  return newest;
}

function row(stream: ShownImageStream, now: Date): string {
  const tags = (stream.status?.tags ?? []).map((entry) => entry.tag);
  const elapsed = sinceUpdate(stream, now);
  return [stream.metadata.name, shownRepository(stream), newestTags(tags, tags.length).join(','), elapsed === undefined ? '' : shortAge(elapsed)].join('\t');
}

/** The table for `streams`, in the order given; `now` is the clock the ages are measured on. */
export function formatStreamTable(streams: readonly ShownImageStream[], now: Date): string {
  const lines = ['NAME\tIMAGE REPOSITORY\tTAGS\tUPDATED', ...streams.map((stream) => row(stream, now))];
  return alignColumns(`${lines.join('\n')}\n`, KUBECTL_TABLE);
}

/** kubectl's line when a namespace has none (printed on stderr, exit code 0). */
export function noResourcesLine(namespace: string): string {
  return `No resources found in ${namespace} namespace.`;
}
