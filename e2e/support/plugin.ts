/**
 * Runs `kubectl imagestream …` as users do: the real kubectl (built by hack/tools.sh at the control
 * plane's release) finds the built plugin on the PATH through its plugin lookup, with the suite's
 * admin kubeconfig.
 */
import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { locateKubectl, REPO_ROOT } from '../harness/tools.js';
import type { E2eContext } from './context.js';

export interface PluginRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A runner of `kubectl imagestream <args>` against the suite's API server. */
export async function pluginRunner(ctx: E2eContext): Promise<(args: readonly string[]) => Promise<PluginRun>> {
  const kubectl = await locateKubectl();
  const kubeconfig = ctx.environment.run.controlPlane.adminKubeconfig;
  const path = `${join(REPO_ROOT, 'dist', 'bin')}${delimiter}${process.env.PATH ?? ''}`;
  return (args) => {
    const child = spawn(kubectl, ['imagestream', ...args], { env: { ...process.env, PATH: path, KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  };
}
