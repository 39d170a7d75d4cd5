import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Absolute paths of the Go-built control plane binaries. */
export interface ToolPaths {
  helm: string;
  etcd: string;
  kubeApiServer: string;
  kubeControllerManager: string;
}

/** The repository root, found from this file's place in dist/e2e/harness/. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function toolPath(tool: string): Promise<string> {
  try {
    const { stdout } = await run(`${REPO_ROOT}hack/tools.sh`, [tool], { maxBuffer: 1 << 20 });
    const path = stdout.trim().split('\n').pop() ?? '';
    if (path === '') throw new Error('printed no path');
    return path;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`hack/tools.sh ${tool}: ${stderr.trim().split('\n').slice(-5).join(' | ') || String(err)}`);
  }
}

/**
 * Returns the cached binaries, building any that are missing. `npm run test:e2e` runs `hack/tools.sh all`
 * before mocha, so here they are normally cached and this takes milliseconds.
 */
export async function locateTools(): Promise<ToolPaths> {
  return {
    helm: await toolPath('helm'),
    etcd: await toolPath('etcd'),
    kubeApiServer: await toolPath('kube-apiserver'),
    kubeControllerManager: await toolPath('kube-controller-manager'),
  };
}

/** kubectl of the control plane's release, built like the other tools (CI machines need not have one). */
export function locateKubectl(): Promise<string> {
  return toolPath('kubectl');
}
