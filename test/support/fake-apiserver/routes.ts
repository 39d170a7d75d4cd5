/** How the fake API server reads a REST path and carries out a write on its store. */
import { WriteRefused, type ObjectStore, type StoredObject } from './object-store.js';

/** A REST path: the resource (`imagestreams.image.openshift.io`, `secrets`), and where in it. */
export interface ApiPath {
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** `/api/v1[/namespaces/ns]/plural[/name[/sub]]` or `/apis/group/version[/namespaces/ns]/plural[/name[/sub]]`. */
export function parsePath(pathname: string): ApiPath | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group = '';
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource] = rest;
  if (plural === undefined || rest.length > 3) return undefined;
  return {
    resource: group === '' ? plural : `${plural}.${group}`,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}

/** Carries out GET of one object, POST, PUT, PATCH or DELETE; returns the status code and body to answer. */
export function handleWrite(store: ObjectStore, method: string, path: ApiPath, contentType: string, body: unknown): [number, unknown] {
  const { resource, namespace, name, subresource } = path;
  const sent = body as StoredObject | undefined;
  if (method === 'POST' && name === undefined && sent !== undefined) {
    return [201, store.create(resource, { ...sent, metadata: { ...sent.metadata, ...(namespace === undefined ? {} : { namespace }) } })];
  }
  if (name === undefined) throw new WriteRefused(405, 'MethodNotAllowed', `${method} is not supported on a collection here`);
  if (method === 'GET' && subresource === undefined) {
    const found = store.get(resource, namespace, name);
    if (found === undefined) throw new WriteRefused(404, 'NotFound', `${resource} "${name}" not found`);
    return [200, found];
  }
  if (method === 'PUT' && sent !== undefined) {
    if (sent.metadata.name !== name || (sent.metadata.namespace ?? namespace) !== namespace) throw new WriteRefused(400, 'BadRequest', 'the name or namespace of the body does not match the path');
    return [200, store.replace(resource, { ...sent, metadata: { ...sent.metadata, ...(namespace === undefined ? {} : { namespace }) } }, subresource)];
  }
  if (method === 'PATCH') return [200, store.patch(resource, namespace, name, contentType, body, subresource)];
  if (method === 'DELETE') return [200, store.delete(resource, namespace, name)];
  throw new WriteRefused(405, 'MethodNotAllowed', `${method} ${subresource ?? ''} is not supported here`);
}
