/** What an error answer of the API server says: its Status `reason` and `message`. */
export interface StatusSummary {
  reason?: string;
  message: string;
}

/**
 * Reads a Kubernetes Status body. Anything else (a proxy's HTML page, a truncated answer) is
 * described by its size only: error texts end up in logs, and a body may hold anything.
 */
export function parseStatus(body: Buffer): StatusSummary {
  try {
    const status = JSON.parse(body.toString('utf8')) as { reason?: unknown; message?: unknown };
    if (typeof status.message === 'string') {
      return { message: status.message, ...(typeof status.reason === 'string' && status.reason !== '' ? { reason: status.reason } : {}) };
    }
  } catch {
    // not JSON: described below
  }
  return { message: `the answer was not a Kubernetes Status (${body.length} bytes)` };
}
