/**
 * The stream's next `status` given the plan and the registry's answers: the one place that turns
 * import outcomes into tag events and conditions. Pure; `now` is passed in. Returns undefined when
 * nothing changes, so an unchanged import writes nothing.
 */
import { observedGeneration, requestedGeneration } from './generations.js';
import type { StreamPlan } from './plan.js';
import { fromImageStreamImage, fromImageStreamTag, isSameStreamAlias, type SourceContext, type SourceOutcome } from './sources.js';
import { addTagEvent, recordFailure } from './tag-events.js';
import type { ImageStream, ImageStreamStatus, NamedTagEventList, TagReference } from '../core/types.js';
import { readRemovedTags, withoutRemovedHistory } from '../core/removed-tags.js';
import type { ImportResult, ImportSettings, PlannedImport, StreamLookup } from './types.js';

export interface StatusInput {
  plan: StreamPlan;
  /** Registry outcomes by tag name, for `plan.imports` and `repositoryImports`. */
  results: ReadonlyMap<string, ImportResult>;
  repositoryImports: readonly PlannedImport[];
  /** RFC 3339 time in seconds, e.g. `2026-01-02T03:04:05Z`. */
  now: string;
  settings: ImportSettings;
  lookup: StreamLookup;
  /** Other namespaces whose streams may be sources of this one (the controller asked the API server). */
  readableNamespaces: ReadonlySet<string>;
}

class StatusBuilder {
  readonly tags: Map<string, NamedTagEventList>;
  constructor(stream: ImageStream, readonly input: StatusInput) {
    this.tags = new Map((stream.status?.tags ?? []).map((entry) => [entry.tag, entry]));
  }
  get(tag: string): NamedTagEventList {
    return this.tags.get(tag) ?? { tag, items: [] };
  }
  record(tag: string, outcome: SourceOutcome | ImportResult, generation: number): void {
    if ('ok' in outcome) {
      const { dockerImageReference, image } = outcome.ok ? outcome.image : { dockerImageReference: '', image: '' };
      if (outcome.ok) this.record(tag, { event: { created: this.input.now, dockerImageReference, image, generation } }, generation);
      else this.record(tag, { failure: outcome.failure }, generation);
      return;
    }
    const next =
      'event' in outcome
        ? addTagEvent(this.get(tag), { ...outcome.event, generation }, this.input.settings.historyLimit)
        : recordFailure(this.get(tag), outcome.failure, generation, this.input.now);
    this.tags.set(tag, next);
  }
}

function recordDockerImage(builder: StatusBuilder, stream: ImageStream, tag: TagReference, imports: Map<string, PlannedImport>): void {
  const triggered = builder.input.plan.triggered.get(tag.name);
  const from = tag.from?.name ?? '';
  if (tag.reference === true) {
    const newest = builder.get(tag.name).items?.[0];
    if (triggered === undefined && newest?.dockerImageReference === from) return;
    const generation = triggered?.generation ?? Math.max(requestedGeneration(stream, tag), observedGeneration(builder.tags.get(tag.name)));
    builder.record(tag.name, { event: { created: builder.input.now, dockerImageReference: from, image: '', generation } }, generation);
    return;
  }
  const refusal = builder.input.plan.refused.get(tag.name);
  if (refusal !== undefined && triggered !== undefined) {
    builder.record(tag.name, { failure: refusal }, triggered.generation);
    return;
  }
  const planned = imports.get(tag.name);
  const result = builder.input.results.get(tag.name);
  if (planned !== undefined && result !== undefined) builder.record(tag.name, result, planned.generation);
}

/** Aliases (ImageStreamTag sources in the same stream) track their source; repeated so an alias of an alias sees the new event too. */
function recordImageStreamTags(builder: StatusBuilder, stream: ImageStream, tags: TagReference[], context: SourceContext): void {
  for (let pass = 0; pass <= tags.length; pass += 1) {
    const before = [...builder.tags.values()];
    for (const tag of tags) {
      const triggered = builder.input.plan.triggered.get(tag.name);
      const tracking = isSameStreamAlias(stream, tag);
      if (triggered === undefined && !tracking) continue;
      const generation = triggered?.generation ?? Math.max(requestedGeneration(stream, tag), observedGeneration(builder.tags.get(tag.name)));
      const outcome = fromImageStreamTag(context, tag, generation);
      if ('event' in outcome || triggered !== undefined) builder.record(tag.name, outcome, generation);
    }
    const after = [...builder.tags.values()];
    if (before.length === after.length && before.every((entry, index) => entry === after[index])) return;
  }
}

function prune(builder: StatusBuilder, stream: ImageStream): void {
  if (!builder.input.settings.pruneRemovedTags || (stream.spec?.dockerImageRepository ?? '') !== '') return;
  const specNames = new Set((stream.spec?.tags ?? []).map((tag) => tag.name));
  for (const name of [...builder.tags.keys()]) if (!specNames.has(name)) builder.tags.delete(name);
}

/**
 * The history `tag -d` asked to drop through the removed-tags marker (the user may not write
 * status): each marked tag loses the fenced event, every older one and the conditions of the fenced
 * generation or older; a tag left with nothing goes. Newer events (the tag pushed again) stay.
 */
function dropRemovedHistory(builder: StatusBuilder, stream: ImageStream): void {
  for (const [name, fence] of readRemovedTags(stream.metadata.annotations)) {
    const entry = builder.tags.get(name);
    if (entry === undefined) continue;
    const kept = withoutRemovedHistory(entry, fence);
    if (kept === undefined) builder.tags.delete(name);
    else builder.tags.set(name, kept);
  }
}

function dockerImageRepository(stream: ImageStream, settings: ImportSettings): string | undefined {
  const host = settings.internalRegistryHostname;
  if (host === '') return stream.status?.dockerImageRepository;
  return `${host}/${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;
}

/** The next status, or undefined when it would equal the current one. */
export function nextStatus(stream: ImageStream, input: StatusInput): ImageStreamStatus | undefined {
  const builder = new StatusBuilder(stream, input);
  const context: SourceContext = { stream, current: builder.tags, lookup: input.lookup, readableNamespaces: input.readableNamespaces };
  const imports = new Map(input.plan.imports.map((planned) => [planned.tag, planned]));
  const specTags = (stream.spec?.tags ?? []).filter((tag) => tag.from !== undefined && tag.from !== null);
  for (const tag of specTags) {
    const triggered = input.plan.triggered.get(tag.name);
    const problems = input.plan.invalid.get(tag.name);
    if (problems !== undefined) {
      if (triggered !== undefined) builder.record(tag.name, { failure: { reason: 'Invalid', message: problems.join('; ') } }, triggered.generation);
    } else if (tag.from?.kind === 'DockerImage') recordDockerImage(builder, stream, tag, imports);
    else if (tag.from?.kind === 'ImageStreamImage' && triggered !== undefined) {
      builder.record(tag.name, fromImageStreamImage(context, tag, triggered.generation, input.now), triggered.generation);
    }
  }
  for (const planned of input.repositoryImports) {
    const result = input.results.get(planned.tag);
    if (result !== undefined) builder.record(planned.tag, result, planned.generation);
  }
  const aliases = specTags.filter((tag) => tag.from?.kind === 'ImageStreamTag' && !input.plan.invalid.has(tag.name));
  recordImageStreamTags(builder, stream, aliases, context);
  prune(builder, stream);
  dropRemovedHistory(builder, stream);
  const existing = new Set((stream.status?.tags ?? []).map((entry) => entry.tag));
  const recorded = (entry: NamedTagEventList): boolean => existing.has(entry.tag) || (entry.items ?? []).length > 0 || (entry.conditions ?? []).length > 0;
  const next: ImageStreamStatus = { ...(stream.status ?? {}), tags: [...builder.tags.values()].filter(recorded) };
  const repository = dockerImageRepository(stream, input.settings);
  if (repository !== undefined) next.dockerImageRepository = repository;
  const before = { ...(stream.status ?? {}), tags: stream.status?.tags ?? [] };
  return JSON.stringify(before) === JSON.stringify(next) ? undefined : next;
}
