/** What `npm run bench` prints and judges: targets met or missed, failed reviews, the machine's load. */
import { loadavg } from 'node:os';

export const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');
export const mib = (value: number): string => `${value.toFixed(0)} MiB`;
export const verdicts: [string, boolean][] = [];
export const failures: string[] = [];
export const target = (name: string, met: boolean): void => void verdicts.push([name, met]);
export const note = (result: { failures: string[] }): void => void failures.push(...result.failures);
