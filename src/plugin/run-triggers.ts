/**
 * `set triggers` against the cluster: reads each workload, prints its triggers (no action flags)
 * or writes the annotation (and a Deployment's `spec.paused`) with a guarded patch.
 */
import { WORKLOAD_RESOURCES } from '../triggers/workloads.js';
import type { WorkloadKind } from '../triggers/types.js';
import { notFound, withFreshReads } from './cluster.js';
import { CommandError } from './command-error.js';
import type { WriteMode } from './invocation.js';
import { formatObjects, nameLine } from './object-output.js';
import { readNamedObjects, type NamedObject } from './resource-args.js';
import type { CommandContext } from './run-command.js';
import { formatTriggerTable, triggerRows, triggersPatch, type TriggerWorkload } from './set-triggers.js';
import type { TriggersArguments } from './triggers-arguments.js';

function workloadKind(target: NamedObject): WorkloadKind {
  const kind = target.known.kind as WorkloadKind;
  const resource = WORKLOAD_RESOURCES.get(kind);
  if (resource === undefined || resource.group !== target.known.type.group) {
    throw new CommandError(`${target.known.type.plural}/${target.name} does not support image triggers: only deployments, statefulsets, daemonsets and cronjobs follow them`);
  }
  return kind;
}

async function readWorkload(context: CommandContext, target: NamedObject): Promise<TriggerWorkload> {
  const kind = workloadKind(target);
  const { namespace } = context.cluster;
  const object = await context.cluster.get<unknown>(target.known.type, namespace, target.name);
  if (object === undefined) throw notFound(target.known.type, target.name);
  return { kind, namespace, shownName: `${target.known.type.plural}/${target.name}`, object };
}

export async function runTriggers(args: TriggersArguments, write: WriteMode, context: CommandContext): Promise<number> {
  const { cluster, output } = context;
  const targets = readNamedObjects(args.resources, false);
  if (args.printTable) {
    const rows: string[] = [];
    for (const target of targets) rows.push(...triggerRows(await readWorkload(context, target)));
    output.stdout(formatTriggerTable(rows));
    return 0;
  }
  const written: unknown[] = [];
  for (const target of targets) {
    const object = await withFreshReads(async () => {
      const workload = await readWorkload(context, target);
      const patch = triggersPatch(workload, args);
      if (patch.length === 0) return undefined;
      return await cluster.patch(target.known.type, workload.object, { namespace: cluster.namespace, name: target.name }, patch, write.dryRun);
    });
    if (object === undefined) continue;
    written.push(object);
    if (write.output === undefined) output.stdout(`${nameLine(target.known.kind, target.known.type.group, target.name, 'triggers updated', write.dryRun)}\n`);
  }
  if (write.output !== undefined && written.length > 0) output.stdout(formatObjects(written, write.output));
  return 0;
}
