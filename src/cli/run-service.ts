/**
 * How a long-running command (controller, registry companion) runs: flags first (their log level
 * decides what is logged, so a flag problem is logged at the default level), start everything or
 * nothing, then serve until SIGTERM or SIGINT and shut down cleanly. Exit codes: 2 bad flags, 1 bad
 * configuration or start-up failure, 0 after a clean shutdown.
 */
import { InputError } from '../errors.js';
import { createLogger, type LogLevel, type RootLogger } from '../log.js';

export interface ServiceCommand<O extends { logLevel?: LogLevel }> {
  /** The command's name, which prefixes its errors on stderr. */
  name: string;
  usage: string;
  /** `InputError`s whose source is this are flag problems (exit 2, usage printed). */
  flagsSource: string;
  parse(argv: string[]): O | 'help';
  start(options: O, logger: RootLogger): Promise<{ shutdown(): Promise<void> }>;
}

/** Resolves with the signal that asked the process to stop. */
export function signalled(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

export async function runService<O extends { logLevel?: LogLevel }>(command: ServiceCommand<O>, argv: string[]): Promise<number> {
  let options: O | 'help' | undefined;
  let flagProblem: unknown;
  try {
    options = command.parse(argv);
  } catch (err) {
    flagProblem = err;
  }
  if (options === 'help') {
    process.stdout.write(command.usage);
    return 0;
  }
  const logger = createLogger({ level: options?.logLevel ?? 'info' });
  try {
    if (options === undefined) throw flagProblem;
    const running = await command.start(options, logger);
    const signal = await signalled();
    logger.info({ signal }, 'shutting down');
    await running.shutdown();
    logger.info({}, 'stopped');
    return 0;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const usage = err.source === command.flagsSource;
    logger.error({ source: err.source, problems: err.problems }, 'cannot start');
    process.stderr.write(`${command.name}: ${err.message}\n${usage ? command.usage : ''}`);
    return usage ? 2 : 1;
  } finally {
    // Log lines are written in batches: drain them before the process may be made to exit.
    await new Promise<void>((resolve) => logger.flush(resolve));
  }
}
