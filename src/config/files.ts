const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a parent of this path is not a directory',
};

/**
 * Turns a filesystem error into a short reason for an `InputError` problem, so users see
 * `cannot read: no such file or directory` rather than Node's `ENOENT: …, open '…'` text.
 */
export function describeFileError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const reason = REASONS[code] ?? (err instanceof Error ? err.message : String(err));
  return `cannot read: ${reason}`;
}
