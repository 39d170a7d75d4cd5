import { ApiServerError, errorFromAnswer } from './api-server-error.js';
import { collectionPath, objectPath, type ResourceType } from './resource-types.js';
import type { PatchType, RestAnswer, RestClient } from './rest-client.js';

/** Which object a typed call is about, for its path and its error messages. */
export interface ObjectRef {
  namespace?: string;
  name: string;
  subresource?: string;
}

const where = (type: ResourceType, ref: ObjectRef): string =>
  `${type.plural}${ref.subresource === undefined ? '' : `/${ref.subresource}`} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;

/** The answer's JSON when its status is one of `ok`, else the ApiServerError (ConflictError for 409) its Status describes. */
export function decodeAnswer<T>(answer: RestAnswer, operation: string, ok: readonly number[] = [200, 201]): T {
  if (!ok.includes(answer.status)) throw errorFromAnswer(operation, answer.status, answer.body);
  try {
    return JSON.parse(answer.body.toString('utf8')) as T;
  } catch (err) {
    throw new ApiServerError(operation, answer.status, { cause: new Error(`the answer was not JSON: ${(err as Error).message}`) });
  }
}

/** GET one object: undefined when it does not exist (404), ApiServerError on any other failure. */
export async function getObject<T>(client: RestClient, type: ResourceType, ref: ObjectRef, timeoutMs?: number): Promise<T | undefined> {
  const operation = `get ${where(type, ref)}`;
  const answer = await client.request({ method: 'GET', path: objectPath(type, ref.namespace, ref.name, ref.subresource), operation, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  return answer.status === 404 ? undefined : decodeAnswer<T>(answer, operation);
}

/** GET a whole (small) collection in one answer, e.g. a namespace's Secrets. */
export async function listObjects<T>(client: RestClient, type: ResourceType, namespace: string | undefined, query = ''): Promise<T[]> {
  const operation = `list ${type.plural}${namespace === undefined ? '' : ` in ${namespace}`}`;
  const answer = await client.request({ method: 'GET', path: `${collectionPath(type, namespace)}${query}`, operation });
  return decodeAnswer<{ items?: T[] }>(answer, operation).items ?? [];
}

/** POST an object into `namespace` (or a subresource of `ref`, such as a ServiceAccount's `token`). */
export async function createObject<T>(client: RestClient, type: ResourceType, namespace: string | undefined, body: object, ref?: ObjectRef, options: { dryRun?: boolean } = {}): Promise<T> {
  const base = ref === undefined ? collectionPath(type, namespace) : objectPath(type, namespace, ref.name, ref.subresource);
  const path = options.dryRun === true ? `${base}?dryRun=All` : base;
  const operation = ref === undefined ? `create ${type.plural}${namespace === undefined ? '' : ` in ${namespace}`}` : `create ${where(type, ref)}`;
  return decodeAnswer<T>(await client.request({ method: 'POST', path, body, operation }), operation);
}

/**
 * PUT an object (or its `status` subresource) as read: the API server refuses it with 409, thrown
 * as ConflictError, when `metadata.resourceVersion` is no longer current, so a write never
 * overwrites one it has not seen.
 */
export async function replaceObject<T>(client: RestClient, type: ResourceType, ref: ObjectRef, body: object): Promise<T> {
  const operation = `update ${where(type, ref)}`;
  const answer = await client.request({ method: 'PUT', path: objectPath(type, ref.namespace, ref.name, ref.subresource), body, operation });
  return decodeAnswer<T>(answer, operation);
}

export interface PatchOptions {
  /** Server-side apply's field manager. */
  fieldManager?: string;
  /** Server-side apply: take over fields another manager owns. */
  force?: boolean;
  /** `dryRun=All`: the API server checks and admits the change and answers the result, storing nothing. */
  dryRun?: boolean;
}

/**
 * PATCH an object. A JSON patch with a `test` operation fails with 422 when the tested value
 * changed meanwhile (a concurrent writer won), a merge patch replaces only the fields it names.
 */
export async function patchObject<T>(client: RestClient, type: ResourceType, ref: ObjectRef, patchType: PatchType, patch: unknown, options: PatchOptions = {}): Promise<T> {
  const operation = `patch ${where(type, ref)}`;
  const params = new URLSearchParams();
  if (options.fieldManager !== undefined) params.set('fieldManager', options.fieldManager);
  if (options.force === true) params.set('force', 'true');
  if (options.dryRun === true) params.set('dryRun', 'All');
  const query = params.size === 0 ? '' : `?${params.toString()}`;
  const path = `${objectPath(type, ref.namespace, ref.name, ref.subresource)}${query}`;
  return decodeAnswer<T>(await client.request({ method: 'PATCH', path, body: patch, patchType, operation }), operation);
}

/** DELETE an object; one that is already gone counts as deleted. */
export async function deleteObject(client: RestClient, type: ResourceType, ref: ObjectRef): Promise<void> {
  const operation = `delete ${where(type, ref)}`;
  const answer = await client.request({ method: 'DELETE', path: objectPath(type, ref.namespace, ref.name), operation });
  if (answer.status !== 404) decodeAnswer<unknown>(answer, operation, [200, 202]);
}
