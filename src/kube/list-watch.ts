import { JsonObjectScanner } from '../config/json-object-stream.js';
import { ApiServerError } from './api-server-error.js';
import type { RestClient } from './rest-client.js';

/** The part of every Kubernetes object the list/watch machinery reads. */
export interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

/** One watch event; ERROR carries a Status, BOOKMARK only a resourceVersion. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; reason?: string; message?: string };
}

/** Where a collection lives (`/apis/image.openshift.io/v1/imagestreams`) and its plural name for messages. */
export interface Collection {
  path: string;
  resource: string;
  /** A field selector the API server applies to the list and the watch (`type=kubernetes.io/dockercfg`). */
  fieldSelector?: string;
}

/** `&fieldSelector=…` for a collection that has one, else nothing. */
const selectorQuery = (collection: Collection): string =>
  collection.fieldSelector === undefined ? '' : `&fieldSelector=${encodeURIComponent(collection.fieldSelector)}`;

/**
 * Lists every page of a collection (chunked like kubectl). Each page is parsed as it arrives, item
 * by item (JsonObjectScanner), and each item handed to `onItem`: no page is ever one string or one
 * object graph, so a 10,000-object list leaves little garbage behind. Resolves with the snapshot's
 * resourceVersion, which a watch starts from.
 */
export async function listPages(client: RestClient, collection: Collection, pageSize: number, onItem: (item: KubeObject) => void, signal?: AbortSignal): Promise<string> {
  const operation = `list ${collection.resource}`;
  let token: string | undefined;
  let resourceVersion = '';
  do {
    const query = `?limit=${pageSize}${selectorQuery(collection)}${token === undefined ? '' : `&continue=${encodeURIComponent(token)}`}`;
    const scanner = new JsonObjectScanner((item) => onItem(item as KubeObject));
    try {
      await client.stream({ method: 'GET', path: `${collection.path}${query}`, operation, timeoutMs: 60_000, ...(signal === undefined ? {} : { signal }) }, (chunk) => scanner.push(chunk));
    } catch (err) {
      throw err instanceof ApiServerError ? err : new ApiServerError(operation, undefined, { cause: err });
    }
    if (!scanner.complete) throw new ApiServerError(operation, undefined, { cause: new Error('the list answer ended early') });
    const metadata = scanner.result.members.metadata as { resourceVersion?: string; continue?: string } | undefined;
    resourceVersion = metadata?.resourceVersion ?? resourceVersion;
    token = metadata?.continue || undefined;
  } while (token !== undefined);
  return resourceVersion;
}

export interface WatchHandlers {
  onEvent(event: WatchEvent): void;
  /** The API server accepted the watch. */
  onOpen(): void;
}

/**
 * Watches a collection from `resourceVersion` with bookmarks, until the API server ends the watch
 * (resolves; the caller watches again from the last version) or it fails (rejects; a 410 Gone as
 * an answer or as an ERROR event means the version is too old and the caller lists again).
 */
export function watchFrom(client: RestClient, collection: Collection, resourceVersion: string, handlers: WatchHandlers, signal: AbortSignal): Promise<void> {
  const path = `${collection.path}?watch=true&allowWatchBookmarks=true${selectorQuery(collection)}&resourceVersion=${encodeURIComponent(resourceVersion)}`;
  const operation = `watch ${collection.resource}`;
  const onLine = (line: Buffer): void => {
    let event: WatchEvent;
    try {
      event = JSON.parse(line.toString('utf8')) as WatchEvent;
    } catch (err) {
      throw new ApiServerError(operation, undefined, { cause: err });
    }
    if (event.type === 'ERROR') {
      const status = event.object;
      throw new ApiServerError(operation, status.code, { cause: new Error(status.message ?? 'watch error'), ...(status.reason === undefined ? {} : { reason: status.reason }) });
    }
    handlers.onEvent(event);
  };
  return client.watch(path, { onLine, onOpen: handlers.onOpen }, signal, operation);
}
