import { WebhookError } from '../errors.js';

/**
 * Thrown when a `kubectl imagestream` command cannot do what was asked: bad arguments, a source
 * that points at nothing, a tag that does not exist. The message is oc's or kubectl's text for the
 * same mistake where they have one; `hint` is the line they print after it (`See 'kubectl
 * imagestream tag -h' for help and examples`). Printed as `error: <message>`, exit code 1.
 */
export class CommandError extends WebhookError {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The name users type for the plugin, in hints and help. */
export const PLUGIN_COMMAND = 'kubectl imagestream';

/** kubectl's hint after a flag mistake. */
export function flagHint(commandPath: string): string {
  return `See '${PLUGIN_COMMAND}${commandPath === '' ? '' : ` ${commandPath}`} --help' for usage.`;
}

/** kubectl's hint after a usage mistake (its `UsageErrorf`). */
export function usageHint(commandPath: string): string {
  return `See '${PLUGIN_COMMAND}${commandPath === '' ? '' : ` ${commandPath}`} -h' for help and examples`;
}
