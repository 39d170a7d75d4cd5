/**
 * What the import controller scenarios share: a controller process of their own (the chart's
 * ServiceAccount token, the chart's rendered config with test overrides) and ways to read streams
 * back and wait for the controller to write them. Each scenario file starts its own controller, so
 * its metrics and log describe only what that file did.
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import { LocalController, writeControllerFiles } from '../harness/controller.js';
import { RELEASE } from '../harness/environment.js';
import { freePort } from '../harness/ports.js';
import { waitFor } from '../harness/wait.js';
import type { ImageStream, TagEvent, TagEventCondition } from '../../src/core/types.js';
import type { E2eContext } from './context.js';
import { TEST_PASSWORD, TEST_USER } from '../../test/support/registry/index.js';

export const IMAGE_STREAMS = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };

export const newestEvent = (stream: ImageStream, tag: string): TagEvent | undefined => stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0];
export const eventsOf = (stream: ImageStream, tag: string): TagEvent[] => stream.status?.tags?.find((t) => t.tag === tag)?.items ?? [];
export const importCondition = (stream: ImageStream, tag: string): TagEventCondition | undefined =>
  stream.status?.tags?.find((t) => t.tag === tag)?.conditions?.find((c) => c.type === 'ImportSuccess');

/** An ImageStream with one DockerImage tag `v1` from `from`. */
export function singleTagStream(namespace: string, name: string, from: string): object {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: { tags: [{ name: 'v1', from: { kind: 'DockerImage', name: from } }] },
  };
}

/**
 * A `kubernetes.io/dockerconfigjson` Secret `registry-pull` with the test registry's credential for
 * `host`, as `kubectl create secret docker-registry` writes it.
 */
export function pullSecret(host: string, annotations: Record<string, string> = {}): object {
  const auth = Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64');
  const config = { auths: { [host]: { username: TEST_USER, password: TEST_PASSWORD, auth } } };
  return {
    metadata: { name: 'registry-pull', annotations },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(JSON.stringify(config)).toString('base64') },
  };
}

/** A started controller and helpers bound to it. */
export class ControllerFixture {
  private controller: LocalController | undefined;

  constructor(private readonly ctx: E2eContext) {}

  /** Starts the controller with `overrides` merged over the chart's rendered config. */
  async start(overrides: Record<string, unknown>): Promise<void> {
    const run = this.ctx.environment.run;
    const files = await writeControllerFiles(run.admin, RELEASE, run.runDir, run.controlPlane.credentials, overrides);
    this.controller = new LocalController(files, await freePort(), run.runDir, this.ctx.environment.processes);
    await this.controller.start();
  }

  async stop(): Promise<void> {
    await this.controller?.stop();
    this.controller = undefined;
  }

  private running(): LocalController {
    if (this.controller === undefined) throw new Error('controller not started');
    return this.controller;
  }

  metrics(): Promise<string> {
    return this.running().metrics();
  }

  logText(): Promise<string> {
    return this.running().logText();
  }

  /** The value of one counter sample in `/metrics` (0 when the series does not exist yet). */
  async counter(sample: string): Promise<number> {
    const line = (await this.metrics()).split('\n').find((l) => l.startsWith(`${sample} `));
    return line === undefined ? 0 : Number(line.slice(sample.length + 1));
  }

  async read(namespace: string, name: string): Promise<ImageStream> {
    const api = this.ctx.admin.makeApiClient(CustomObjectsApi);
    return (await api.getNamespacedCustomObject({ ...IMAGE_STREAMS, namespace, name })) as ImageStream;
  }

  /** Polls the stream until `check` returns a value; fails early if the controller exits. */
  waitForStream<T>(namespace: string, name: string, what: string, check: (stream: ImageStream) => T | undefined): Promise<T> {
    return waitFor(async () => check(await this.read(namespace, name)), {
      what, timeoutMs: 20_000, intervalMs: 100, abortReason: () => this.controller?.exitStatus(),
    });
  }
}
