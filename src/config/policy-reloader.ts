import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PolicyConfig } from '../core/types.js';
import { errorFields, type Logger } from '../log.js';
import { loadPolicyConfigFile } from './policy-config.js';

export interface PolicyReloaderOptions {
  file: string;
  /** How often file metadata is compared, for filesystems where directory watches miss events. */
  pollIntervalMs: number;
  logger: Logger;
}

/** The policy in force, kept current from its file; `close()` stops watching. */
export interface PolicyReloader {
  current(): PolicyConfig;
  close(): void;
}

/** Coalesces the burst of events one ConfigMap volume update produces (several renames). */
const DEBOUNCE_MS = 100;

async function fingerprint(file: string): Promise<string> {
  const s = await stat(file);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}

class PolicyFile implements PolicyReloader {
  private lastFingerprint = '';
  private running: Promise<void> = Promise.resolve();
  private debounce: NodeJS.Timeout | undefined;
  private readonly poll: NodeJS.Timeout;
  private readonly watcher: FSWatcher | undefined;

  constructor(
    private readonly options: PolicyReloaderOptions,
    private policy: PolicyConfig,
  ) {
    this.poll = setInterval(() => this.checkFingerprint(), options.pollIntervalMs);
    this.poll.unref();
    this.watcher = this.watchDirectory();
    this.checkFingerprint();
  }

  current(): PolicyConfig {
    return this.policy;
  }

  close(): void {
    clearInterval(this.poll);
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  private watchDirectory(): FSWatcher | undefined {
    const dir = dirname(this.options.file);
    try {
      const watcher = watch(dir, { persistent: false }, () => this.schedule());
      watcher.on('error', (err) => this.options.logger.warn({ dir, ...errorFields(err) }, 'policy directory watch failed; polling only'));
      return watcher;
    } catch (err) {
      this.options.logger.warn({ dir, ...errorFields(err) }, 'cannot watch the policy directory; polling only');
      return undefined;
    }
  }

  private checkFingerprint(): void {
    fingerprint(this.options.file).then(
      (print) => {
        if (print === this.lastFingerprint) return;
        const first = this.lastFingerprint === '';
        this.lastFingerprint = print;
        if (!first) this.schedule();
      },
      () => undefined,
    );
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.running = this.running.then(() => this.reload());
    }, DEBOUNCE_MS);
    this.debounce.unref();
  }

  private async reload(): Promise<void> {
    const { file, logger } = this.options;
    let next: PolicyConfig;
    try {
      next = await loadPolicyConfigFile(file);
    } catch (err) {
      const problems = (err as { problems?: unknown }).problems;
      logger.error({ config: file, ...errorFields(err), ...(Array.isArray(problems) ? { problems } : {}) }, 'policy not reloaded; keeping the previous one');
      return;
    }
    if (JSON.stringify(next) === JSON.stringify(this.policy)) return;
    this.policy = next;
    logger.info({ config: file, resolveImages: next.resolveImages, alwaysPullImages: next.alwaysPullImages }, 'policy reloaded');
  }
}

/**
 * Loads the policy file and keeps it current, the way the serving certificate is kept: a ConfigMap
 * volume (or a re-extracted file, when the webhook runs outside the cluster) changes under a running
 * process after `helm upgrade`. The directory is watched, with a metadata poll as fallback. A new
 * file that does not parse or validate is logged and the previous policy stays in force, so a bad
 * edit never takes the webhook's policy away. Throws ConfigError when the initial file is bad.
 */
export async function createPolicyReloader(options: PolicyReloaderOptions): Promise<PolicyReloader> {
  const policy = await loadPolicyConfigFile(options.file);
  return new PolicyFile(options, policy);
}
