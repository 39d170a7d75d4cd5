/** Options for {@link waitFor}. */
export interface WaitOptions {
  /** What is awaited, for the error message ("kube-apiserver /readyz"). */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before each attempt; a non-empty string aborts the wait with that reason (e.g. "etcd exited"). */
  abortReason?: () => string | undefined;
}

/**
 * Polls `attempt` until it returns a value other than `undefined`, and returns that value.
 * Start-up of real processes takes a variable time, so the deadline is generous; when it passes, the
 * error names what was awaited and the last failure seen, which is usually the useful clue.
 */
export async function waitFor<T>(attempt: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no attempt finished';
  for (;;) {
    const abort = options.abortReason?.();
    if (abort !== undefined) throw new Error(`${options.what}: ${abort}`);
    try {
      const value = await attempt();
      if (value !== undefined) return value;
      last = 'not ready yet';
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      throw new Error(`${options.what}: not ready after ${options.timeoutMs} ms (last: ${last})`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}
