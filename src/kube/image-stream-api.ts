import { CustomObjectsApi, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { ImageStream } from '../core/types.js';
import { projectImageStream } from './image-stream-projection.js';
import { ApiServerError, statusCodeOf } from './kube-config.js';

/** The ImageStream API this webhook reads; matches the CRD and OpenShift's aggregated API. */
export const IMAGE_STREAM_API = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' } as const;
export const IMAGE_STREAMS_PATH = `/apis/${IMAGE_STREAM_API.group}/${IMAGE_STREAM_API.version}/${IMAGE_STREAM_API.plural}`;

/** An ImageStream as client-node's informer types it. */
export type ImageStreamObject = ImageStream & KubernetesObject;

/** A list page as the custom objects API returns it: raw JSON, so `continue` keeps its wire name. */
interface RawList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: ImageStreamObject[];
}

/**
 * Lists every page of `image.openshift.io/v1` imagestreams in all namespaces and returns them as one
 * list carrying the snapshot's resourceVersion, which the watch then starts from.
 */
export function createListFunction(api: CustomObjectsApi, pageSize: number) {
  return async (): Promise<KubernetesListObject<ImageStreamObject>> => {
    const items: ImageStreamObject[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = (await api.listClusterCustomObject({
        ...IMAGE_STREAM_API,
        limit: pageSize,
        ...(token === undefined ? {} : { _continue: token }),
      })) as RawList;
      for (const item of page.items ?? []) items.push(projectImageStream(item) as ImageStreamObject);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      token = page.metadata?.continue || undefined;
    } while (token !== undefined);
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion }, items };
  };
}

/** Watch events that carry an ImageStream; ERROR carries a Status and BOOKMARK only a resourceVersion. */
const STREAM_EVENTS = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** client-node's Watch, handing the informer projected streams so its store stays small too. */
export class ProjectingWatch extends Watch {
  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const project = (phase: string, apiObj: unknown, watchObj?: unknown): void =>
      callback(phase, STREAM_EVENTS.has(phase) ? projectImageStream(apiObj as ImageStream) : apiObj, watchObj);
    return super.watch(path, queryParams, project, done);
  }
}


/** A live read of one ImageStream: undefined on 404, ApiServerError on any other failure. */
export type ImageStreamGetter = (namespace: string, name: string) => Promise<ImageStream | undefined>;

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Creates the live GET used on a cache miss (D8). The timeout stays well under the API server's
 * default 10 s webhook timeout, so a slow API server costs one review, not the whole call.
 */
export function createImageStreamGetter(kubeConfig: KubeConfig, timeoutMs = 3000): ImageStreamGetter {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  return async (namespace, name) => {
    try {
      const stream: unknown = await withTimeout(
        api.getNamespacedCustomObject({ ...IMAGE_STREAM_API, namespace, name }),
        timeoutMs,
      );
      return stream as ImageStream;
    } catch (err) {
      const code = statusCodeOf(err);
      if (code === 404) return undefined;
      throw new ApiServerError(`get imagestreams ${namespace}/${name}`, code, { cause: err });
    }
  };
}
