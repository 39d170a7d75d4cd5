import type { PolicyConfig } from '../core/types.js';
import { errorFields, type Logger } from '../log.js';
import { watchFiles, type FileWatcher } from './file-watcher.js';
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

class PolicyFile implements PolicyReloader {
  private readonly watcher: FileWatcher;

  constructor(
    private readonly options: PolicyReloaderOptions,
    private policy: PolicyConfig,
  ) {
    this.watcher = watchFiles({
      files: [options.file],
      pollIntervalMs: options.pollIntervalMs,
      what: 'policy',
      onChange: () => this.reload(),
      logger: options.logger,
    });
  }

  current(): PolicyConfig {
    return this.policy;
  }

  close(): void {
    this.watcher.close();
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
