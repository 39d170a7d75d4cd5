#!/usr/bin/env node
/**
 * Command-line entry point: dispatches to the `serve`, `resolve`, `controller` and `registry` subcommands. Each subcommand
 * module is loaded only when chosen, so `resolve` never pulls in the HTTP or Kubernetes clients.
 */
const USAGE = `usage: imagestream-webhook <command> [flags]

commands:
  serve     run the HTTPS admission webhook (see --help of the command)
  resolve   resolve short image names in manifests offline, the way the webhook would
  controller   run the import controller that fills ImageStream status from registries
  release-files  write a release's TLS Secret, policy and a ServiceAccount token for serve (or the controller) outside the cluster
  release-scale  set the replicas of a release's in-cluster import controller, printing the previous number
  load-imagestreams  create ImageStreams on a cluster with their status (kubectl apply drops status)
  registry  run the integrated registry's companion: Kubernetes tokens for docker login, pushes recorded in streams
`;

/** How long a finished `serve` may wait for its sockets to close before it exits anyway. */
const FORCED_EXIT_DELAY_MS = 1_000;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { runServe } = await import('./cli/serve.js');
      const code = await runServe(rest);
      // A stopped or failed webhook must not be held up by an open keep-alive socket, such as the
      // informer's watch: exit a moment later if the event loop has not emptied by itself. The
      // timer is unref'd, so a clean process still exits at once, its last log lines written.
      setTimeout(() => process.exit(code), FORCED_EXIT_DELAY_MS).unref();
      return code;
    }
    case 'load-imagestreams': {
      const { runLoadImageStreams } = await import('./cli/load-imagestreams.js');
      return runLoadImageStreams(rest);
    }
    case 'release-files': {
      const { runReleaseFiles } = await import('./cli/release-files.js');
      return runReleaseFiles(rest);
    }
    case 'release-scale': {
      const { runReleaseScale } = await import('./cli/release-scale.js');
      return runReleaseScale(rest);
    }
    case 'controller': {
      const { runController } = await import('./cli/controller.js');
      const code = await runController(rest);
      // As for serve: a keep-alive socket must not hold a stopped controller up.
      setTimeout(() => process.exit(code), FORCED_EXIT_DELAY_MS).unref();
      return code;
    }
    case 'registry': {
      const { runRegistryCompanion } = await import('./cli/registry.js');
      const code = await runRegistryCompanion(rest);
      // As for serve: a keep-alive socket must not hold a stopped companion up.
      setTimeout(() => process.exit(code), FORCED_EXIT_DELAY_MS).unref();
      return code;
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
