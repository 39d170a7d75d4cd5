/**
 * `set triggers`' arguments read and checked with oc's texts. What the flags do to a workload's
 * annotation is the trigger writer's business (src/triggers); this only says what was asked.
 */
import { ImageRefError, parseImageRef } from '../core/image-ref.js';
import { CommandError } from './command-error.js';
import { flagBool, flagText, type FlagValues } from './option-values.js';

/** `--from-image`: a stream tag; `namespace` is empty for the current namespace. */
export interface TriggerSource {
  namespace: string;
  stream: string;
  tag: string;
}

export interface TriggersArguments {
  /** The workloads, `KIND/NAME` (or `KIND NAME`) as typed. */
  resources: string[];
  fromImage?: TriggerSource;
  /** `-c/--containers`, split at commas; empty means the workload's only container. */
  containers: string[];
  /** Triggers added are automatic: `--auto`, or a `--from-image` without `--manual`. */
  auto: boolean;
  /** `--auto` itself: every trigger is resumed and a Deployment unpaused. */
  autoFlag: boolean;
  manual: boolean;
  remove: boolean;
  removeAll: boolean;
  /** No action flag: print the triggers (NAME TYPE VALUE AUTO). */
  printTable: boolean;
}

function readFromImage(value: string): TriggerSource {
  let ref;
  try {
    ref = parseImageRef(value);
  } catch (err) {
    const reason = err instanceof ImageRefError ? err.message : String(err);
    throw new CommandError(`the value of --from-image does not appear to be a valid reference to an image: ${reason}`, undefined, { cause: err });
  }
  if (ref.registry !== '' || ref.id !== '') throw new CommandError('the value of --from-image must point to an image stream tag on this server');
  if (ref.tag === '') throw new CommandError('the value of --from-image must include the tag you wish to pull from');
  return { namespace: ref.namespace, stream: ref.name, tag: ref.tag };
}

/** oc's checks of the action flags, in oc's order. */
function checkActions(a: Omit<TriggersArguments, 'resources' | 'containers' | 'printTable' | 'autoFlag'>): void {
  const count = a.fromImage === undefined ? 0 : 1;
  if (a.auto && a.manual) throw new CommandError('you must specify at most one of --auto or --manual');
  if (a.remove && a.removeAll) throw new CommandError('you must specify either --remove or --remove-all');
  if (a.removeAll && (count !== 0 || a.auto || a.manual)) throw new CommandError('--remove-all may not be used with any other flag');
  if (a.remove && count < 1) throw new CommandError('--remove requires a flag defining a trigger type to be specified');
}

/** The arguments of `set triggers`; a trigger given without --auto/--manual is automatic, as in oc. */
export function readTriggersArguments(args: readonly string[], values: FlagValues): TriggersArguments {
  if (args.length === 0) throw new CommandError('You must provide one or more resources by argument or filename.');
  const from = flagText(values, 'from-image');
  const fromImage = from === undefined || from === '' ? undefined : readFromImage(from);
  const actions = {
    ...(fromImage === undefined ? {} : { fromImage }),
    auto: flagBool(values, 'auto'), manual: flagBool(values, 'manual'), remove: flagBool(values, 'remove'), removeAll: flagBool(values, 'remove-all'),
  };
  checkActions(actions);
  const printTable = fromImage === undefined && !actions.remove && !actions.removeAll && !actions.auto && !actions.manual;
  const containers = (flagText(values, 'containers') ?? '').split(',').filter((name) => name !== '');
  const auto = actions.auto || (fromImage !== undefined && !actions.removeAll && !actions.manual);
  return { resources: [...args], containers, printTable, ...actions, auto, autoFlag: actions.auto };
}
