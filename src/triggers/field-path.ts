/**
 * Reading a trigger's `fieldPath`. Upstream (library-go `parseContainerReference` and
 * `findContainerBySelector`) accepts, after the kind's pod spec path and a dot, exactly
 * `containers[<int>].image`, `containers[?(@.name=="<name>")].image`, and the same with
 * `initContainers`; the dot before `image` may be left out; `<int>` is what Go's `strconv.Atoi`
 * reads (a sign and leading zeros allowed). A path under another prefix is ignored; any other
 * rest is invalid. D11 adds the selector spellings OpenShift's documentation prints:
 * `[?(@.name='web')]`, and `=`/`==` with either quote. No pattern here can backtrack: every step
 * is a prefix or suffix test, so reading costs time linear in the path.
 */
import type { ContainerSelector, TriggerContainerList } from './types.js';

/** What a field path means for a workload of a given pod spec path. */
export type FieldPathReading =
  | { outcome: 'OutsidePodSpec' }
  | { outcome: 'Invalid' }
  | { outcome: 'Valid'; selector: ContainerSelector; canonical: string };

const LISTS: readonly TriggerContainerList[] = ['containers', 'initContainers'];
const NAME_SELECTOR = '?(@.name';
const INTEGER = /^[+-]?[0-9]+$/;

/**
 * The canonical field path of a container's image, as `oc set triggers` writes it:
 * `spec.template.spec.containers[?(@.name=="web")].image`. Init containers get an
 * `initContainers` path (D19), which `oc` itself does not write.
 */
export function canonicalFieldPath(podSpecPath: string, list: TriggerContainerList, name: string): string {
  return `${podSpecPath}.${list}[${NAME_SELECTOR}=="${name}")].image`;
}

/** A position as canonical text: Go's `Atoi` reading, without a plus sign or leading zeros. */
function canonicalInteger(text: string): string {
  const negative = text.startsWith('-');
  const digits = text.replace(/^[+-]/, '').replace(/^0+(?=[0-9])/, '');
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** The container name of a `?(@.name…)` selector in any spelling this reader accepts, or undefined. */
function selectedName(selector: string): string | undefined {
  if (!selector.startsWith(NAME_SELECTOR)) return undefined;
  let rest = selector.slice(NAME_SELECTOR.length);
  if (rest.startsWith('==')) rest = rest.slice(2);
  else if (rest.startsWith('=')) rest = rest.slice(1);
  else return undefined;
  const quote = rest.charAt(0);
  if ((quote !== '"' && quote !== "'") || rest.length < 3 || !rest.endsWith(`${quote})`)) return undefined;
  return rest.slice(1, -2);
}

/**
 * Reads `fieldPath` for a workload whose pod spec is at `podSpecPath` (`spec.template.spec`).
 * `canonical` is the path in the form `oc` writes (the position kept for a positional selector).
 */
export function readFieldPath(fieldPath: string, podSpecPath: string): FieldPathReading {
  const prefix = `${podSpecPath}.`;
  if (!fieldPath.startsWith(prefix)) return { outcome: 'OutsidePodSpec' };
  const rest = fieldPath.slice(prefix.length);
  const list = LISTS.find((name) => rest.startsWith(`${name}[`));
  if (list === undefined) return { outcome: 'Invalid' };
  const open = list.length + 1;
  const close = rest.indexOf(']', open);
  if (close === -1) return { outcome: 'Invalid' };
  const remainder = rest.slice(close + 1);
  if (remainder !== '.image' && remainder !== 'image') return { outcome: 'Invalid' };
  const selector = rest.slice(open, close);
  if (INTEGER.test(selector)) {
    const position = canonicalInteger(selector);
    return { outcome: 'Valid', selector: { list, index: Number(position) }, canonical: `${prefix}${list}[${position}].image` };
  }
  const name = selectedName(selector);
  if (name === undefined) return { outcome: 'Invalid' };
  return { outcome: 'Valid', selector: { list, name }, canonical: canonicalFieldPath(podSpecPath, list, name) };
}
