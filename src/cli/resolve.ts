import type { Readable, Writable } from 'node:stream';

export interface CommandIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Placeholder for the `resolve` subcommand (issue 2). */
export function runResolve(argv: string[], io: CommandIO): Promise<number> {
  io.stderr.write(`resolve is not built yet (${argv.length} arguments ignored)\n`);
  return Promise.resolve(1);
}
