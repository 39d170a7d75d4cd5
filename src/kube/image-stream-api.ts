import type { ImageStream } from '../core/types.js';
import { JsonObjectScanner } from '../config/json-object-stream.js';
import { ApiServerError, errorFromAnswer } from './api-server-error.js';
import { projectImageStream } from './image-stream-projection.js';
import type { RestClient } from './rest-client.js';

/** The ImageStream API this webhook reads; matches the CRD and OpenShift's aggregated API. */
export const IMAGE_STREAM_API = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' } as const;
export const IMAGE_STREAMS_PATH = `/apis/${IMAGE_STREAM_API.group}/${IMAGE_STREAM_API.version}/${IMAGE_STREAM_API.plural}`;

/** A list page's metadata as the API server sends it. */
interface ListPage {
  metadata?: { resourceVersion?: string; continue?: string };
}

/** One watch event; ERROR carries a Status, BOOKMARK only a resourceVersion. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: ImageStream & { code?: number; message?: string };
}

function decode<T>(body: Buffer, operation: string): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (err) {
    throw new ApiServerError(operation, undefined, { cause: err });
  }
}

/**
 * Lists every page of imagestreams in all namespaces (chunked like kubectl). Each page is parsed as
 * it arrives, item by item (JsonObjectScanner), and each item handed to `onStream`: no page is
 * ever one string or one object graph, so a 10,000-stream list leaves little garbage behind.
 * Resolves with the snapshot's resourceVersion, which the watch starts from.
 */
export async function listImageStreams(client: RestClient, pageSize: number, onStream: (stream: ImageStream) => void): Promise<string> {
  const operation = 'list imagestreams';
  let token: string | undefined;
  let resourceVersion = '';
  do {
    const query = `?limit=${pageSize}${token === undefined ? '' : `&continue=${encodeURIComponent(token)}`}`;
    const scanner = new JsonObjectScanner((item) => onStream(item as ImageStream));
    try {
      await client.stream({ method: 'GET', path: `${IMAGE_STREAMS_PATH}${query}`, operation, timeoutMs: 60_000 }, (chunk) => scanner.push(chunk));
    } catch (err) {
      throw err instanceof ApiServerError ? err : new ApiServerError(operation, undefined, { cause: err });
    }
    if (!scanner.complete) throw new ApiServerError(operation, undefined, { cause: new Error('the list answer ended early') });
    const metadata = scanner.result.members.metadata as ListPage['metadata'];
    resourceVersion = metadata?.resourceVersion ?? resourceVersion;
    token = metadata?.continue || undefined;
  } while (token !== undefined);
  return resourceVersion;
}

/**
 * Watches imagestreams from `resourceVersion` with bookmarks, until the API server ends the watch
 * (resolves; the caller watches again from the last version) or it fails (rejects; a 410 Gone as
 * an answer or an ERROR event means the version is too old and the caller lists again).
 */
export function watchImageStreams(
  client: RestClient,
  resourceVersion: string,
  onEvent: (event: WatchEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const path = `${IMAGE_STREAMS_PATH}?watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`;
  const operation = 'watch imagestreams';
  const onLine = (line: Buffer): void => {
    const event = decode<WatchEvent>(line, operation);
    if (event.type === 'ERROR') {
      throw new ApiServerError(operation, event.object.code, { cause: new Error(event.object.message ?? 'watch error') });
    }
    onEvent(event);
  };
  return client.watch(path, { onLine }, signal, operation);
}

/** A live read of one ImageStream: undefined on 404, ApiServerError on any other failure. */
export type ImageStreamGetter = (namespace: string, name: string) => Promise<ImageStream | undefined>;

/**
 * Creates the live GET used on a cache miss (D8), over the client's kept-alive connections. The
 * timeout stays well under the API server's default 10 s webhook timeout, so a slow API server
 * costs one review, not the whole call. The answer is projected like cached streams.
 */
export function createImageStreamGetter(client: RestClient, timeoutMs = 3000): ImageStreamGetter {
  const { group, version, plural } = IMAGE_STREAM_API;
  return async (namespace, name) => {
    const operation = `get imagestreams ${namespace}/${name}`;
    const path = `/apis/${group}/${version}/namespaces/${encodeURIComponent(namespace)}/${plural}/${encodeURIComponent(name)}`;
    const answer = await client.request({ method: 'GET', path, operation, timeoutMs });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw errorFromAnswer(operation, answer.status, answer.body);
    return projectImageStream(decode<ImageStream>(answer.body, operation));
  };
}
