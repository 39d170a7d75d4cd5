/** The `message` of a Kubernetes Status body, or a short excerpt of whatever came back. */
export function statusMessage(body: Buffer): string {
  try {
    const status = JSON.parse(body.toString('utf8')) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // not JSON: the excerpt below says what came back
  }
  return body.subarray(0, 200).toString('utf8');
}
