/**
 * The admin's registry allow and block lists. Any user who can create a stream can make the
 * controller send requests, so a refused registry is reported in the tag's condition instead of
 * contacted. Resolved addresses (link-local, cloud metadata) are checked by the registry client,
 * which is the only part that resolves names.
 */
import { parseImageRef } from '../core/image-ref.js';
import type { ImportFailure, ImportSettings } from './types.js';

/** The registry host of a reference, Docker Hub normalised to `docker.io` (the kubelet's rule). */
export function registryOf(reference: string): string {
  let registry = '';
  try {
    registry = parseImageRef(reference).registry;
  } catch {
    return '';
  }
  if (registry === '' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') return 'docker.io';
  return registry.toLowerCase();
}

/** `host`, `host:port`, or `*.suffix` (any subdomain, any port). */
function matches(registry: string, pattern: string): boolean {
  const wanted = pattern.trim().toLowerCase();
  if (wanted.startsWith('*.')) {
    const host = registry.split(':')[0] ?? '';
    return host.endsWith(wanted.slice(1));
  }
  return registry === wanted || (!wanted.includes(':') && registry.split(':')[0] === wanted);
}

/** Why importing from `reference` is refused by the lists, or undefined when allowed. */
export function registryRefusal(reference: string, settings: ImportSettings): ImportFailure | undefined {
  const registry = registryOf(reference);
  const blocked = settings.blockedRegistries.some((pattern) => matches(registry, pattern));
  const allowed = settings.allowedRegistries.length === 0 || settings.allowedRegistries.some((pattern) => matches(registry, pattern));
  if (!blocked && allowed) return undefined;
  return {
    reason: 'Blocked',
    message: `importing from registry "${registry}" is not allowed by the import controller's registry policy`,
  };
}
