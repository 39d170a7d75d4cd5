/**
 * Runs one read invocation against the cluster: the dispatch from a command to its runner.
 */
import type { PluginCluster } from './cluster.js';
import type { Invocation } from './invocation.js';
import type { PluginOutput } from './run.js';
import { runTag } from './run-tag.js';
import { runImageLookup } from './run-image-lookup.js';
import { runTriggers } from './run-triggers.js';
import { runDescribe, runGet } from './run-get.js';
import { runImportImage } from './run-import.js';

/** What every command runner gets: the cluster, where to print, and the clock ages are measured on. */
export interface CommandContext {
  cluster: PluginCluster;
  output: PluginOutput;
  now: () => Date;
}

export async function runCommand(invocation: Exclude<Invocation, { command: 'help' }>, context: CommandContext): Promise<number> {
  switch (invocation.command) {
    case 'tag':
      return await runTag(invocation.tag, invocation.write, context);
    case 'set image-lookup':
      return await runImageLookup(invocation.imageLookup, invocation.write, context);
    case 'set triggers':
      return await runTriggers(invocation.triggers, invocation.write, context);
    case 'get':
      return await runGet(invocation.names, invocation.output, context);
    case 'describe':
      return await runDescribe(invocation.names, context);
    case 'import-image':
      return await runImportImage(invocation.importImage, context);
  }
}
