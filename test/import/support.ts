/**
 * Builders and an in-memory registry for the import core's table tests. The registry fake
 * implements the RegistryClient contract and records every request, so a case can assert both
 * the status after and what was (not) asked of the registry.
 */
import { runImports, statusAfter, type ImportDeps } from '../../src/controller/import-stream.js';
import type { ImportDemand } from '../../src/import/plan.js';
import type { ImageStream, ImageStreamStatus, NamedTagEventList, TagEvent, TagReference } from '../../src/core/types.js';
import type { ImportSettings, StreamLookup } from '../../src/import/types.js';
import { RegistryError, type ImageImportRequest, type ImportedImage, type RegistryClient } from '../../src/registry/types.js';

export const NOW = new Date('2026-11-30T07:00:00.000Z');
export const NOW_TEXT = '2026-11-30T07:00:00Z';
export const EARLIER = '2026-11-29T07:00:00Z';
export const digest = (hex: string): string => `sha256:${hex.repeat(64)}`;
export const [Da, Db, Dc, Dd, De, Df] = ['a', 'b', 'c', 'd', 'e', 'f'].map(digest) as [string, string, string, string, string, string];

export const SETTINGS: ImportSettings = Object.freeze({
  historyLimit: 5,
  defaultImportMode: 'PreserveOriginal',
  defaultPlatform: { os: 'linux', architecture: 'amd64' },
  internalRegistryHostname: '',
  pruneRemovedTags: false,
  allowedRegistries: [],
  blockedRegistries: [],
  repositoryTagLimit: 50,
});

export function dockerTag(name: string, from: string, extra: Partial<TagReference> = {}): TagReference {
  return { name, from: { kind: 'DockerImage', name: from }, ...extra };
}

export function event(reference: string, image: string, generation: number, created = EARLIER): TagEvent {
  return { created, dockerImageReference: reference, image, generation };
}

export function stream(tags: TagReference[], status: NamedTagEventList[] = [], extra: { generation?: number; annotations?: Record<string, string>; repository?: string; statusRepository?: string; name?: string } = {}): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: extra.name ?? 'ruby', namespace: 'myproject', generation: extra.generation ?? 1, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { ...(extra.repository ? { dockerImageRepository: extra.repository } : {}), tags },
    status: { ...(extra.statusRepository ? { dockerImageRepository: extra.statusRepository } : {}), tags: status },
  };
}

/** What a fake registry answers for a reference: an image (digest) or a RegistryError. */
export type Answer = string | RegistryError;

export class FakeRegistry implements RegistryClient {
  readonly requests: ImageImportRequest[] = [];
  readonly listed: string[] = [];
  constructor(
    private readonly answers: Record<string, Answer>,
    private readonly tags: Record<string, string[]> = {},
  ) {}

  importImage(request: ImageImportRequest): Promise<ImportedImage> {
    this.requests.push(request);
    const answer = this.answers[request.reference];
    if (answer === undefined) return Promise.reject(new RegistryError('NotFound', `dockerimage.image.openshift.io "${request.reference}" not found`, request.reference));
    if (answer instanceof RegistryError) return Promise.reject(answer);
    const name = request.reference.split('@')[0] ?? '';
    const slash = name.lastIndexOf('/');
    const colon = name.lastIndexOf(':');
    const repository = colon > slash ? name.slice(0, colon) : name;
    return Promise.resolve({ dockerImageReference: `${repository}@${answer}`, image: answer, mediaType: 'application/vnd.oci.image.index.v1+json' });
  }

  listTags(request: Omit<ImageImportRequest, 'importMode' | 'platform'>): Promise<string[]> {
    this.listed.push(request.reference);
    const tags = this.tags[request.reference];
    return tags === undefined ? Promise.reject(new RegistryError('NotFound', 'repository not found', request.reference)) : Promise.resolve(tags);
  }
}

export interface RoundOptions {
  settings?: Partial<ImportSettings>;
  demand?: Partial<ImportDemand>;
  others?: ImageStream[];
  /** Namespaces whose service accounts may read streams of other namespaces: `target → sources`. */
  grants?: Record<string, string[]>;
}

/** Plans, imports from the fake and computes the status after: the table tests' one step. */
export async function importRound(before: ImageStream, registry: RegistryClient, options: RoundOptions = {}): Promise<ImageStreamStatus | undefined> {
  const others = new Map((options.others ?? []).map((other) => [`${other.metadata.namespace}/${other.metadata.name}`, other]));
  const lookup: StreamLookup = (namespace, name) => others.get(`${namespace}/${name}`);
  const deps: ImportDeps = {
    registry,
    pullSecrets: () => Promise.resolve([]),
    settings: { ...SETTINGS, ...options.settings },
    lookup,
    mayUseNamespace: (target, source) => Promise.resolve((options.grants?.[target] ?? []).includes(source)),
    elapsedMs: () => 0,
    onImport: () => undefined,
  };
  const demand: ImportDemand = { due: options.demand?.due ?? new Set(), forced: options.demand?.forced ?? new Set() };
  const round = await runImports(before, demand, deps);
  return statusAfter(before, round, deps, NOW);
}
