/** Placeholder for the `serve` subcommand (issue 3). */
export function runServe(argv: string[]): Promise<number> {
  process.stderr.write(`serve is not built yet (${argv.length} arguments ignored)\n`);
  return Promise.resolve(1);
}
