/**
 * The head of `describe` in oc's layout: `Label:<tab>value` lines (a value of several lines
 * continues on lines that start with a tab, an empty value is `<none>`), maps one `key=value` per
 * line in key order, and an object's name, namespace, age, labels and annotations, with a
 * `description` annotation pulled out as its own `Description:` line.
 */
import { elapsedSince, humanAge } from './durations.js';

/** `Label:\tvalue` lines, in the order given. */
export class DescribeLines {
  readonly lines: string[] = [];

  field(label: string, value: string): void {
    const [first = '', ...rest] = (value === '' ? '<none>' : value).split('\n');
    this.lines.push(`${label}:\t${first}`);
    for (const line of rest) this.lines.push(`\t${line}`);
  }

  map(label: string, entries: Record<string, string> | null | undefined): void {
    const keys = Object.keys(entries ?? {}).sort();
    if (keys.length === 0) return this.field(label, '');
    keys.forEach((key, index) => {
      const text = `${key}=${entries?.[key] ?? ''}`;
      if (index === 0) this.field(label, text);
      else this.lines.push(`\t${text}`);
    });
  }

  line(text = ''): void {
    this.lines.push(text);
  }
}

export interface DescribedMetadata {
  name: string;
  namespace?: string;
  creationTimestamp?: string;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
}

/** Name, Namespace (when set), Created (when set), Labels, Description (when annotated), Annotations. */
export function describeMetadata(out: DescribeLines, metadata: DescribedMetadata, now: Date): void {
  out.field('Name', metadata.name);
  if ((metadata.namespace ?? '') !== '') out.field('Namespace', metadata.namespace ?? '');
  const age = elapsedSince(metadata.creationTimestamp, now);
  if (age !== undefined) out.field('Created', `${humanAge(age)} ago`);
  out.map('Labels', metadata.labels);
  const { description, ...annotations } = metadata.annotations ?? {};
  if ((description ?? '') !== '') out.field('Description', description ?? '');
  out.map('Annotations', annotations);
}
