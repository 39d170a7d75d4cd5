/**
 * Runs `kubectl imagestream …` as users do: the real kubectl (built by hack/tools.sh at the control
 * plane's release) finds the built plugin on the PATH through its plugin lookup, with the suite's
 * admin kubeconfig as $KUBECONFIG.
 */
import { delimiter, join } from 'node:path';
import { runProcess, type ProcessRun } from '../../test/support/process-run.js';
import { locateKubectl, REPO_ROOT } from '../harness/tools.js';
import type { E2eContext } from './context.js';

export type PluginRun = ProcessRun;

/** A runner of `kubectl imagestream <args>` against the suite's API server. */
export async function pluginRunner(ctx: E2eContext): Promise<(args: readonly string[]) => Promise<PluginRun>> {
  const kubectl = await locateKubectl();
  const kubeconfig = ctx.environment.run.controlPlane.adminKubeconfig;
  const env = { ...process.env, PATH: `${join(REPO_ROOT, 'dist', 'bin')}${delimiter}${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfig };
  return (args) => runProcess(kubectl, ['imagestream', ...args], env);
}
