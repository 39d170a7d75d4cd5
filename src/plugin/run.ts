/**
 * `kubectl imagestream`'s runner: reads the command line, prints help, connects to the cluster the
 * connection flags choose, runs the command, and reports errors as kubectl does: `error: <message>`
 * on stderr (with kubectl's hint line after flag and usage mistakes) and exit code 1.
 */
import { InputError } from '../errors.js';
import { ApiServerError } from '../kube/api-server-error.js';
import { CommandError } from './command-error.js';
import { apiErrorText, connectCluster, type PluginCluster } from './cluster.js';
import { readInvocation, type Invocation } from './invocation.js';
import { runCommand } from './run-command.js';

/** Where the plugin writes; the process's streams, or buffers in tests. */
export interface PluginOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What a run is given by its composition root: where to write, the environment, the clock. */
export interface PluginIO extends PluginOutput {
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

function report(err: unknown, output: PluginOutput): number {
  if (err instanceof CommandError) {
    output.stderr(`error: ${err.message}\n${err.hint === undefined ? '' : `${err.hint}\n`}`);
    return 1;
  }
  const message = err instanceof ApiServerError ? apiErrorText(err) : err instanceof InputError ? err.message : err instanceof Error ? err.message : String(err);
  output.stderr(`error: ${message}\n`);
  return 1;
}

/** Runs `kubectl imagestream <argv>`; resolves to the exit code (0 success, 1 failure). */
export async function runPlugin(argv: readonly string[], io: PluginIO): Promise<number> {
  let cluster: PluginCluster | undefined;
  try {
    const invocation: Invocation = readInvocation(argv);
    if (invocation.command === 'help') {
      io.stdout(invocation.text);
      return 0;
    }
    for (const warning of invocation.warnings) io.stderr(`Warning: ${warning}\n`);
    const env = io.env ?? {};
    cluster = connectCluster(invocation.connection, env);
    return await runCommand(invocation, { cluster, output: io, now: io.now ?? (() => new Date()) });
  } catch (err) {
    return report(err, io);
  } finally {
    cluster?.close();
  }
}
