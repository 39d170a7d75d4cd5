/**
 * `import-image` against the cluster: writes the request (import-request.ts), then reads the
 * stream until the import controller has answered it (import-wait.ts) or `--request-timeout`
 * passes, and prints oc's report.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { IMAGE_STREAMS } from '../kube/resource-types.js';
import { withFreshReads } from './cluster.js';
import { CommandError } from './command-error.js';
import { shortAge } from './durations.js';
import type { ImportImageArguments } from './import-image-arguments.js';
import { importRequest, type ImportRequest } from './import-request.js';
import { importReport } from './import-result.js';
import { importAnswer } from './import-wait.js';
import type { CommandContext } from './run-command.js';
import { sendStreamWrite } from './run-tag.js';
import type { ShownImageStream } from './shown-stream.js';

/** How long to wait when `--request-timeout` is not given (or 0). */
export const DEFAULT_IMPORT_WAIT_MS = 120_000;
/** How often the stream is read while waiting: a GET of one object, cheap for the API server. */
const POLL_MS = 250;

const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function runImportImage(args: ImportImageArguments, context: CommandContext): Promise<number> {
  const { cluster, output } = context;
  const requestedAt = rfc3339(context.now());
  let request: ImportRequest | undefined;
  await withFreshReads(async () => {
    const stream = await cluster.get<ShownImageStream>(IMAGE_STREAMS, cluster.namespace, args.stream);
    request = importRequest(stream, cluster.namespace, args, requestedAt);
    return await sendStreamWrite(cluster, request.write, stream, 'none');
  });
  if (request === undefined) throw new CommandError('no import was requested');
  const waitMs = args.requestTimeoutMs > 0 ? args.requestTimeoutMs : DEFAULT_IMPORT_WAIT_MS;
  const deadline = context.now().getTime() + waitMs;
  for (;;) {
    const stream = await cluster.get<ShownImageStream>(IMAGE_STREAMS, cluster.namespace, args.stream);
    if (stream === undefined) throw new CommandError(`image stream ${args.stream} was deleted while importing`);
    const answer = importAnswer(stream, request.tags, request.repository, requestedAt);
    if (answer.done) {
      const report = importReport(stream, answer.failures, context.now());
      output.stdout(report.stdout);
      for (const line of report.stderr) output.stderr(`${line}\n`);
      return report.exitCode;
    }
    if (context.now().getTime() >= deadline) {
      throw new CommandError(`the import controller did not answer within ${shortAge(waitMs)}: is it running? (kubectl imagestream describe ${args.stream} shows the tag's state)`);
    }
    await sleep(POLL_MS);
  }
}
