/**
 * Shares one copy of strings that repeat across streams (namespaces, tag names like `latest`).
 * Bounded: past `maxEntries` distinct strings, or for long strings, it hands the string back
 * unshared, so a cluster with churning names cannot grow it without limit.
 */
export class Interner {
  private readonly strings = new Map<string, string>();

  constructor(
    private readonly maxEntries = 50_000,
    private readonly maxLength = 64,
  ) {}

  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (value.length <= this.maxLength && this.strings.size < this.maxEntries) this.strings.set(value, value);
    return value;
  }
}
