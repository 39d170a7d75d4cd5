/**
 * The one string interner: shares one copy of strings that repeat across streams (namespaces, tag
 * names like `latest`, and in the controller digests and references), so thousands of streams
 * tracking the same images hold each string once. Used by the webhook's store and the controller's
 * projection alike.
 *
 * Bounded: a string longer than `maxLength` is handed back unshared (long strings rarely repeat),
 * and when the table holds `maxEntries` strings it is emptied and refills from what arrives next,
 * so a cluster with churning names cannot grow it without limit, and the strings still in use are
 * shared again as they come back. Objects keep the copies they already hold.
 */
export interface InternerLimits {
  maxEntries: number;
  maxLength: number;
}

export const DEFAULT_INTERNER_LIMITS: Readonly<InternerLimits> = Object.freeze({ maxEntries: 50_000, maxLength: 64 });

export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly limits: InternerLimits;

  constructor(limits: Partial<InternerLimits> = {}) {
    this.limits = { ...DEFAULT_INTERNER_LIMITS, ...limits };
  }

  /** The shared copy of `value` (undefined passes through, for optional fields). */
  intern(value: string): string;
  intern(value: string | undefined): string | undefined;
  intern(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (value.length > this.limits.maxLength) return value;
    if (this.strings.size >= this.limits.maxEntries) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  get size(): number {
    return this.strings.size;
  }
}
