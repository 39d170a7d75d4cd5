/** The fake API server's open watches: replay from a resourceVersion, live events, bookmarks, endings. */
import type { ServerResponse } from 'node:http';
import type { ObjectStore, RecordedEvent } from './object-store.js';
import type { ApiPath } from './routes.js';
import { parseFieldSelector, type FieldSelector } from './field-selector.js';

interface Watch {
  res: ServerResponse;
  resource: string;
  namespace: string | undefined;
  bookmarks: boolean;
  selected: FieldSelector;
}

const line = (type: string, object: unknown): string => `${JSON.stringify({ type, object })}\n`;

export class Watches {
  private readonly open = new Set<Watch>();

  constructor(private readonly store: ObjectStore) {
    store.onEvent = (event) => this.publish(event);
  }

  /**
   * Answers a watch request: an ERROR event with 410 Expired when `from` is older than the
   * compacted history (as kube-apiserver does), else the events after `from`, then live ones.
   */
  start(res: ServerResponse, path: ApiPath, url: URL): void {
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    if (from < this.store.compactedRv) {
      const gone = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: `too old resource version: ${from} (${this.store.compactedRv})` };
      res.end(line('ERROR', gone));
      return;
    }
    const watch = { res, resource: path.resource, namespace: path.namespace, bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true', selected: parseFieldSelector(url.searchParams.get('fieldSelector')) };
    for (const event of this.store.events) if (event.rv > from && matches(watch, event)) res.write(line(event.type, event.object));
    this.open.add(watch);
    res.on('close', () => this.open.delete(watch));
  }

  /** Ends every open watch cleanly, as an API server does when a watch times out. */
  endAll(): void {
    for (const watch of this.open) watch.res.end();
    this.open.clear();
  }

  /** Cuts every open watch's connection without ending its answer (a network drop). */
  dropAll(): void {
    for (const watch of this.open) watch.res.socket?.destroy();
    this.open.clear();
  }

  /** Sends a BOOKMARK with the current resourceVersion to watches that asked for bookmarks. */
  bookmark(): void {
    for (const watch of this.open) if (watch.bookmarks) watch.res.write(line('BOOKMARK', { metadata: { resourceVersion: String(this.store.rv) } }));
  }

  forget(): void {
    this.open.clear();
  }

  private publish(event: RecordedEvent): void {
    for (const watch of this.open) if (matches(watch, event)) watch.res.write(line(event.type, event.object));
  }
}

function matches(watch: Watch, event: RecordedEvent): boolean {
  return watch.resource === event.resource && (watch.namespace === undefined || watch.namespace === event.object.metadata.namespace) && watch.selected(event.object);
}
