/**
 * What `import-image` prints once the import controller has answered, in the layout of
 * `oc import-image`: the name line (`imagestream.image.openshift.io/app imported`), a blank line
 * and the stream's description; for each tag whose import failed, `error: tag <tag> failed:
 * <message>` on stderr, then oc's closing `error: imported completed with errors`, and exit code 1.
 * oc also describes each imported image's metadata (layers, labels); the stream's status does not
 * hold them, so that part is left out.
 */
import { describeImageStream } from './describe-stream.js';
import { nameLine } from './object-output.js';
import type { ShownImageStream } from './shown-stream.js';

/** A tag whose import failed, with the message of its `ImportSuccess=False` condition. */
export interface FailedImport {
  tag: string;
  message: string;
}

export interface ImportReport {
  stdout: string;
  /** Lines for stderr; each is printed as it stands (they carry oc's `error: ` already). */
  stderr: string[];
  exitCode: 0 | 1;
}

/** The report for `stream` after the import, `failures` taken from its conditions; `now` measures the ages. */
export function importReport(stream: ShownImageStream, failures: readonly FailedImport[], now: Date): ImportReport {
  const operation = failures.length === 0 ? 'imported' : 'imported with errors';
  const stdout = `${nameLine('ImageStream', 'image.openshift.io', stream.metadata.name, operation)}\n\n${describeImageStream(stream, now)}\n\n`;
  if (failures.length === 0) return { stdout, stderr: [], exitCode: 0 };
  const stderr = [...failures.map((failure) => `error: tag ${failure.tag} failed: ${failure.message}`), 'error: imported completed with errors'];
  return { stdout, stderr, exitCode: 1 };
}
