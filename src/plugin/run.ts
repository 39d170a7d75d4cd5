/**
 * `kubectl imagestream`'s runner: reads the command line, prints help, and reports errors as
 * kubectl does: `error: <message>` on stderr (with kubectl's hint line after flag and usage
 * mistakes) and exit code 1. Commands that need the cluster answer `error: not implemented yet`
 * until they are wired to the Kubernetes layer.
 */
import { CommandError } from './command-error.js';
import { readInvocation } from './invocation.js';

/** Where the plugin writes; the process's streams, or buffers in tests. */
export interface PluginOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

function report(err: unknown, output: PluginOutput): number {
  if (err instanceof CommandError) {
    output.stderr(`error: ${err.message}\n${err.hint === undefined ? '' : `${err.hint}\n`}`);
    return 1;
  }
  output.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

/** Runs `kubectl imagestream <argv>`; resolves to the exit code (0 success, 1 failure). */
export async function runPlugin(argv: readonly string[], output: PluginOutput): Promise<number> {
  try {
    const invocation = readInvocation(argv);
    if (invocation.command === 'help') {
      output.stdout(invocation.text);
      return 0;
    }
    for (const warning of invocation.warnings) output.stderr(`Warning: ${warning}\n`);
    throw new CommandError('not implemented yet');
  } catch (err) {
    return await Promise.resolve(report(err, output));
  }
}
