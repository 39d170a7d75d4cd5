/**
 * "Did you mean this?" for a mistyped command, as cobra (kubectl's command library) suggests:
 * names within two edits of what was typed, ignoring case, or starting with it.
 */

/** Edits (insertions, deletions, substitutions) between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_value, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The command names to suggest for `typed`, in the order given. Long input gets none (and costs nothing). */
export function suggestCommands(typed: string, names: readonly string[]): string[] {
  if (typed === '' || typed.length > 64) return [];
  const lower = typed.toLowerCase();
  return names.filter((name) => editDistance(lower, name.toLowerCase()) <= 2 || name.toLowerCase().startsWith(lower));
}
