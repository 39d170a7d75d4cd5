/**
 * A bounded memo of a pure function of strings, for values that reviews compute again and again
 * (parsed references, covering rules). It keeps two generations of at most `size` entries: when the
 * newer one is full it becomes the older and the older is dropped, and an entry read from the older
 * moves back into the newer. Keys in use stay; a flood of one-off keys from hostile requests holds
 * at most 2 × `size` entries, and costs no more than computing each value would.
 */
export function boundedMemo<T>(size: number, compute: (key: string) => T): (key: string) => T {
  let young = new Map<string, T>();
  let old = new Map<string, T>();
  return (key) => {
    const hit = young.get(key);
    if (hit !== undefined || young.has(key)) return hit as T;
    const kept = old.get(key);
    const value = kept !== undefined || old.has(key) ? (kept as T) : compute(key);
    if (young.size >= size) {
      old = young;
      young = new Map();
    }
    young.set(key, value);
    return value;
  };
}
