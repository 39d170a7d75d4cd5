import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorFields, type Logger } from '../log.js';

export interface FileWatcherOptions {
  files: readonly string[];
  /** How often file metadata is compared, for filesystems where directory watches miss events. */
  pollIntervalMs: number;
  /** false relies on polling alone, for filesystems without change notification (some network mounts). */
  watchDirectories?: boolean;
  /** What the files are, for log lines: `certificate`, `policy`. */
  what: string;
  /** Called after a change settles; calls never overlap, and a rejection is the caller's to log. */
  onChange: () => Promise<void>;
  logger: Logger;
}

/** Stops watching; pending debounced changes are dropped. */
export interface FileWatcher {
  close(): void;
}

/** Coalesces the burst of events one Secret or ConfigMap volume update produces (several renames). */
const DEBOUNCE_MS = 100;

async function fingerprint(files: readonly string[]): Promise<string> {
  const stats = await Promise.all(files.map((file) => stat(file)));
  return stats.map((s) => `${s.ino}:${s.size}:${s.mtimeMs}`).join('|');
}

function watchDirectories(options: FileWatcherOptions, onEvent: () => void): FSWatcher[] {
  const { files, what, logger } = options;
  const watchers: FSWatcher[] = [];
  for (const dir of new Set(files.map((file) => dirname(file)))) {
    try {
      const watcher = watch(dir, { persistent: false }, onEvent);
      watcher.on('error', (err) => logger.warn({ dir, ...errorFields(err) }, `${what} directory watch failed; polling only`));
      watchers.push(watcher);
    } catch (err) {
      logger.warn({ dir, ...errorFields(err) }, `cannot watch the ${what} directory; polling only`);
    }
  }
  return watchers;
}

/**
 * Calls `onChange` when any of `files` changes. Kubernetes volumes replace files by swapping a
 * `..data` symlink, so the containing directories are watched rather than the files, with a poll of
 * file metadata (inode, size, mtime) as fallback. Events are debounced and changes run one at a
 * time, so a rotation that writes two files in turn is seen as one change, or heals on the next.
 */
export function watchFiles(options: FileWatcherOptions): FileWatcher {
  let lastFingerprint = '';
  let running: Promise<void> = Promise.resolve();
  let debounce: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      running = running.then(options.onChange).catch(() => undefined);
    }, DEBOUNCE_MS);
    debounce.unref();
  };
  const checkFingerprint = (): void => {
    fingerprint(options.files).then(
      (print) => {
        if (print === lastFingerprint) return;
        const first = lastFingerprint === '';
        lastFingerprint = print;
        if (!first) schedule();
      },
      () => undefined,
    );
  };
  const poll = setInterval(checkFingerprint, options.pollIntervalMs);
  poll.unref();
  const watchers = options.watchDirectories === false ? [] : watchDirectories(options, schedule);
  checkFingerprint();
  return {
    close(): void {
      clearInterval(poll);
      clearTimeout(debounce);
      for (const watcher of watchers) watcher.close();
    },
  };
}
