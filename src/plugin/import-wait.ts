/**
 * Whether the import controller has answered an `import-image` request, read from the stream
 * alone: a tag is answered when its newest event or its `ImportSuccess` condition has reached the
 * generation the request asked for (its stamped `generation`, else the stream's), the way the
 * controller itself tells requested from observed; a repository stream when its check annotation
 * holds a time again.
 */
import { importCondition, observedGeneration, requestedGeneration, statusTagOf } from '../import/generations.js';
import { REPOSITORY_CHECK_ANNOTATION } from '../import/repository-check.js';
import type { ImageStream } from '../core/types.js';
import type { FailedImport } from './import-result.js';
import type { ShownImageStream } from './shown-stream.js';

export type ImportAnswer = { done: false } | { done: true; failures: FailedImport[] };

const asModel = (stream: ShownImageStream): ImageStream => stream as unknown as ImageStream;

function tagAnswer(stream: ImageStream, name: string): { done: boolean; failure?: FailedImport } {
  const tag = (stream.spec?.tags ?? []).find((entry) => entry.name === name);
  if (tag === undefined) return { done: false };
  const requested = requestedGeneration(stream, tag);
  const status = statusTagOf(stream, name);
  if (observedGeneration(status) < requested) return { done: false };
  const condition = importCondition(status);
  if (condition !== undefined && condition.status === 'False' && (condition.generation ?? 0) >= requested) {
    return { done: true, failure: { tag: name, message: condition.message ?? condition.reason ?? 'import failed' } };
  }
  return { done: true };
}

/** The answer so far to a request for `tags` (or, when `repository`, for the listing asked at `requestedAt`). */
export function importAnswer(shown: ShownImageStream, tags: readonly string[], repository: boolean, requestedAt: string): ImportAnswer {
  const stream = asModel(shown);
  if (repository) {
    if ((stream.metadata.annotations?.[REPOSITORY_CHECK_ANNOTATION] ?? '') === '') return { done: false };
    const failures = (stream.status?.tags ?? []).flatMap((entry) => {
      const condition = importCondition(entry);
      const fresh = condition !== undefined && condition.status === 'False' && (condition.lastTransitionTime ?? '') >= requestedAt;
      return fresh ? [{ tag: entry.tag, message: condition.message ?? condition.reason ?? 'import failed' }] : [];
    });
    return { done: true, failures };
  }
  const failures: FailedImport[] = [];
  for (const name of tags) {
    const answer = tagAnswer(stream, name);
    if (!answer.done) return { done: false };
    if (answer.failure !== undefined) failures.push(answer.failure);
  }
  return { done: true, failures };
}
