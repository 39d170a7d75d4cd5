import { dirname, isAbsolute, join } from 'node:path';
import { parse, stringify } from 'yaml';

type Entry = Record<string, unknown>;

/** The fields of a cluster or user that name files, resolved against the file they were read from. */
const PATH_FIELDS: Readonly<Record<string, readonly string[]>> = {
  clusters: ['certificate-authority'],
  users: ['client-certificate', 'client-key', 'tokenFile'],
};

/**
 * `$KUBECONFIG` with several files, merged as kubectl merges them: the first file that names a
 * cluster, user or context wins that name, and the first file that sets `current-context` wins it.
 * A relative path in an entry is made absolute against the directory of the file it came from,
 * so the merged text can be read from anywhere. Returns the merged kubeconfig as YAML text.
 */
export function mergeKubeconfigs(files: readonly { file: string; text: string }[]): string {
  const merged: Record<string, Entry[]> = { clusters: [], users: [], contexts: [] };
  const seen: Record<string, Set<unknown>> = { clusters: new Set(), users: new Set(), contexts: new Set() };
  let current: string | undefined;
  for (const { file, text } of files) {
    const config = (parse(text) ?? {}) as Entry;
    if (current === undefined && typeof config['current-context'] === 'string' && config['current-context'] !== '') current = config['current-context'];
    for (const list of ['clusters', 'users', 'contexts'] as const) {
      const entries = Array.isArray(config[list]) ? (config[list] as Entry[]) : [];
      for (const entry of entries) {
        if (typeof entry !== 'object' || entry === null || seen[list]?.has(entry.name)) continue;
        seen[list]?.add(entry.name);
        merged[list]?.push(absolutePaths(entry, PATH_FIELDS[list] ?? [], dirname(file)));
      }
    }
  }
  return stringify({ apiVersion: 'v1', kind: 'Config', ...(current === undefined ? {} : { 'current-context': current }), ...merged });
}

function absolutePaths(entry: Entry, fields: readonly string[], dir: string): Entry {
  const key = Object.keys(entry).find((name) => name !== 'name');
  const body = key === undefined ? undefined : entry[key];
  if (key === undefined || typeof body !== 'object' || body === null) return entry;
  const resolved: Entry = { ...(body as Entry) };
  for (const field of fields) {
    const at = resolved[field];
    if (typeof at === 'string' && at !== '' && !isAbsolute(at)) resolved[field] = join(dir, at);
  }
  return { ...entry, [key]: resolved };
}
