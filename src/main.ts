#!/usr/bin/env node
/**
 * Command-line entry point: dispatches to the `serve`, `resolve` and `controller` subcommands. Each subcommand
 * module is loaded only when chosen, so `resolve` never pulls in the HTTP or Kubernetes clients.
 */
const USAGE = `usage: imagestream-webhook <command> [flags]

commands:
  serve     run the HTTPS admission webhook (see --help of the command)
  resolve      resolve short image names in manifests offline, the way the webhook would
  controller   run the import controller that fills ImageStream status from registries
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { runServe } = await import('./cli/serve.js');
      return runServe(rest);
    }
    case 'controller': {
      const { runController } = await import('./cli/controller.js');
      return runController(rest);
    }
    case 'resolve': {
      const { runResolve } = await import('./cli/resolve.js');
      return runResolve(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(command === undefined ? USAGE : `unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`imagestream-webhook: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
