import { parseDocuments } from './documents.js';
import { checkMapping, checkMappingList, checkName, childPath, describeValue, isMapping, problemAt, type Mapping } from './shape.js';

/** A Kubernetes object read from a manifest file, with where it came from for messages. */
export interface Manifest {
  object: Mapping;
  /** `document 2`, or `document 1, items[3]` for a member of a `kind: List`. */
  where: string;
}

/**
 * Reads Kubernetes manifests (multi-document YAML or JSON) the way `kubectl apply -f` does:
 * a `kind: List` document stands for its items, in order. Each object needs `apiVersion`, `kind`
 * and a mapping `metadata` (if present); everything else passes through for the core to judge.
 * Returns every problem of the text, each prefixed with its document.
 */
export function readManifests(text: string): { manifests: Manifest[]; problems: string[] } {
  const { documents, problems } = parseDocuments(text);
  const manifests: Manifest[] = [];
  for (const { index, value } of documents) {
    const where = `document ${index}`;
    const local: string[] = [];
    if (!isMapping(value)) {
      local.push(problemAt('', `must be a mapping (got ${describeValue(value)})`));
    } else if (value.kind === 'List') {
      for (const { item, path } of checkMappingList(value, 'items', '', local)) {
        if (checkTypeMeta(item, path, local)) manifests.push({ object: item, where: `${where}, ${path}` });
      }
    } else if (checkTypeMeta(value, '', local)) {
      manifests.push({ object: value, where });
    }
    problems.push(...local.map((problem) => `${where}: ${problem}`));
  }
  return { manifests, problems };
}

function checkTypeMeta(object: Mapping, path: string, problems: string[]): boolean {
  const before = problems.length;
  checkName(object, 'apiVersion', path, problems);
  checkName(object, 'kind', path, problems);
  const metadata = checkMapping(object, 'metadata', path, problems);
  if (metadata !== undefined) {
    for (const key of ['name', 'namespace', 'generateName']) {
      const value = metadata[key];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        problems.push(problemAt(childPath(childPath(path, 'metadata'), key), `must be a string (got ${describeValue(value)})`));
      }
    }
  }
  return problems.length === before;
}
