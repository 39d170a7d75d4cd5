import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { REPO_ROOT } from './tools.js';

const run = promisify(execFile);

/** The chart under test, as the repository holds it. */
export const CHART_DIR = join(REPO_ROOT, 'helm', 'imagestream-webhook');

/** Where a release lives. The release name contains the chart name, so it is also the chart's full name. */
export interface Release {
  name: string;
  namespace: string;
}

/** Runs helm against the run's API server, with its cache and config kept inside the run directory. */
export class Helm {
  constructor(
    private readonly binary: string,
    private readonly kubeconfig: string,
    private readonly runDir: string,
  ) {}

  /** `helm install` of the chart; no `--wait`, since without controllers nothing ever becomes ready. */
  install(release: Release, values: object): Promise<string> {
    return this.withValues('install', release, values, ['--create-namespace']);
  }

  /**
   * `helm upgrade` with `--reset-values`: `values` is the whole set. (`--reuse-values` would keep a list
   * that the new values set to null, such as policy.resolutionRules.)
   */
  upgrade(release: Release, values: object): Promise<string> {
    return this.withValues('upgrade', release, values, ['--reset-values']);
  }

  private async withValues(verb: string, release: Release, values: object, extra: string[]): Promise<string> {
    const file = join(this.runDir, `values-${Date.now()}.yaml`);
    await writeFile(file, stringify(values));
    return this.helm([verb, release.name, CHART_DIR, '--namespace', release.namespace, '--values', file, ...extra]);
  }

  private async helm(args: string[]): Promise<string> {
    const home = join(this.runDir, 'helm');
    await mkdir(home, { recursive: true });
    const env = {
      ...process.env,
      HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data'),
    };
    try {
      const { stdout } = await run(this.binary, [...args, '--kubeconfig', this.kubeconfig], { env, maxBuffer: 8 << 20 });
      return stdout;
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? '';
      throw new Error(`helm ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || String(err)}`);
    }
  }
}
