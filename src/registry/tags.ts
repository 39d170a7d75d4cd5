import { errorForStatus, internalError } from './errors.js';
import { fetchAuthorized, type SessionDeps, type Target } from './session.js';

/**
 * The `next` target of an RFC 8288 `Link` header (`</v2/acme/app/tags/list?n=200&last=x>; rel="next"`),
 * or `undefined`. Scanned once; only the first link is read, as distribution sends one.
 */
export function parseNextLink(value: string | undefined): string | undefined {
  if (value === undefined || value.length > 4096) return undefined;
  const open = value.indexOf('<');
  const close = value.indexOf('>', open + 1);
  if (open < 0 || close < 0) return undefined;
  const params = value.slice(close + 1).toLowerCase().replaceAll(' ', '');
  return params.includes('rel="next"') || params.includes('rel=next') ? value.slice(open + 1, close) : undefined;
}

function readTags(body: Buffer): string[] | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { tags?: unknown };
    if (parsed.tags === null) return [];
    return Array.isArray(parsed.tags) ? parsed.tags.filter((t): t is string => typeof t === 'string') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A repository's tags in the registry's order, following `Link: rel="next"` pages of `pageSize`
 * until `maxTags` (the cap bounds memory and requests; OpenShift imports at most 50 of them anyway).
 * A next link to another host is not followed: it would send our credentials elsewhere.
 */
export async function listRepositoryTags(deps: SessionDeps, target: Target, reference: string,
  limits: { maxTags: number; pageSize: number }): Promise<string[]> {
  const tags: string[] = [];
  let path: string | undefined = `/v2/${target.repository}/tags/list?n=${limits.pageSize}`;
  const maxPages = Math.ceil(limits.maxTags / Math.max(1, limits.pageSize)) + 1;
  for (let page = 0; path !== undefined && page < maxPages && tags.length < limits.maxTags; page += 1) {
    const res = await fetchAuthorized(deps, target, 'tags', 'GET', path, { accept: 'application/json' });
    if (res.status !== 200) throw errorForStatus(reference, target.host, res.status, res.retryAfterMs);
    const pageTags = readTags(res.body);
    if (pageTags === undefined) throw internalError(reference, `the tag list ${target.host} served cannot be read`);
    tags.push(...pageTags.slice(0, limits.maxTags - tags.length));
    const link = res.headers.link;
    const next = parseNextLink(Array.isArray(link) ? link[0] : link);
    path = next === undefined ? undefined : sameHostPath(next, target.host);
  }
  return tags;
}

function sameHostPath(link: string, host: string): string | undefined {
  try {
    const url = new URL(link, `https://${host}`);
    return url.host === host ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}
