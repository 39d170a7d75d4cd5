/**
 * Synthetic ImageStreams and workloads for the admission benchmark: namespaces × streams of
 * TAGS_PER_STREAM imported tags each, written as `List` files of one namespace each (the directory
 * form of `--imagestreams`) or as one `List` file, and 3-container Deployments that use local names.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ImageStream } from '../src/core/types.js';

export const NAMESPACES = 100;
export const STREAMS_PER_NAMESPACE = 100;
/** Streams per namespace for a total of `count` streams over NAMESPACES namespaces. */
export const perNamespace = (count: number): number => Math.ceil(count / NAMESPACES);
export const TAGS_PER_STREAM = 10;
export const REGISTRY = 'image-registry.openshift-image-registry.svc:5000';

export const namespaceName = (n: number): string => `team-${String(n).padStart(3, '0')}`;
export const streamName = (s: number): string => `app-${String(s).padStart(3, '0')}`;
const digestOf = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export function stream(namespace: string, name: string): ImageStream {
  const tags = Array.from({ length: TAGS_PER_STREAM }, (_, t) => `v${t}`);
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace, annotations: { 'openshift.io/image.dockerRepositoryCheck': '2025-11-20T09:14:02Z' } },
    spec: {
      lookupPolicy: { local: true },
      tags: tags.map((tag) => ({
        name: tag,
        from: { kind: 'DockerImage', name: `quay.io/${namespace}/${name}:${tag}` },
        importPolicy: { importMode: 'Legacy' },
        referencePolicy: { type: 'Source' },
      })),
    },
    status: {
      dockerImageRepository: `${REGISTRY}/${namespace}/${name}`,
      tags: tags.map((tag) => {
        const image = digestOf(`${namespace}/${name}:${tag}`);
        return { tag, items: [{ created: '2025-11-20T09:14:02Z', dockerImageReference: `quay.io/${namespace}/${name}@${image}`, image, generation: 1 }] };
      }),
    },
  };
}

/** Writes one List file per namespace into `dir`; returns the number of streams written. */
export function writeImageStreams(dir: string, count = NAMESPACES * STREAMS_PER_NAMESPACE): number {
  const streams = perNamespace(count);
  for (let n = 0; n < NAMESPACES; n += 1) {
    const namespace = namespaceName(n);
    const items = Array.from({ length: streams }, (_, s) => stream(namespace, streamName(s)));
    writeFileSync(join(dir, `${namespace}.json`), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  }
  return NAMESPACES * streams;
}

/** Writes every stream into one List file (as `oc get is -A -o json` would), a stream at a time. */
export function writeImageStreamsFile(file: string, count = NAMESPACES * STREAMS_PER_NAMESPACE): number {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, '{"apiVersion":"v1","kind":"List","items":[');
    const streams = perNamespace(count);
    for (let n = 0; n < NAMESPACES; n += 1) {
      for (let s = 0; s < streams; s += 1) writeSync(fd, `${n + s === 0 ? '' : ','}${JSON.stringify(stream(namespaceName(n), streamName(s)))}`);
    }
    writeSync(fd, ']}');
    return NAMESPACES * streams;
  } finally {
    closeSync(fd);
  }
}

/** The same List as YAML, as `oc get is -A -o yaml` prints it (items first, then kind), a stream at a time. */
export function writeImageStreamsYaml(file: string, count = NAMESPACES * STREAMS_PER_NAMESPACE): number {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, 'apiVersion: v1\nitems:\n');
    const streams = perNamespace(count);
    for (let n = 0; n < NAMESPACES; n += 1) {
      for (let s = 0; s < streams; s += 1) writeSync(fd, stringify([stream(namespaceName(n), streamName(s))], { indentSeq: false }));
    }
    writeSync(fd, 'kind: List\nmetadata:\n  resourceVersion: ""\n');
    return NAMESPACES * streams;
  } finally {
    closeSync(fd);
  }
}

/**
 * A CREATE Deployment review with three containers using local names (`app-007:v3`), each
 * resolving to its tag's digest. `seed` picks namespace, streams and tags, so bodies differ.
 * `missing` names streams that do not exist instead (`absent-<seed>-<c>`): three cache misses.
 */
export function deploymentReview(seed: number, missing = false): Buffer {
  const namespace = namespaceName(seed % NAMESPACES);
  const containers = [0, 1, 2].map((c) => ({
    name: `c${c}`,
    image: missing ? `absent-${seed}-${c}:v1` : `${streamName((seed * 7 + c * 31) % STREAMS_PER_NAMESPACE)}:v${(seed + c) % TAGS_PER_STREAM}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 8080 + c, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' } },
  }));
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${seed}`, namespace, labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } },
    },
  };
  return Buffer.from(
    JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: `00000000-0000-4000-8000-${String(seed).padStart(12, '0')}`,
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        resource: { group: 'apps', version: 'v1', resource: 'deployments' },
        requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
        name: `web-${seed}`,
        namespace,
        operation: 'CREATE',
        userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts', 'system:authenticated'] },
        object,
        oldObject: null,
        dryRun: false,
        options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl-client-side-apply' },
      },
    }),
  );
}
