import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FULLNAME, HELM_BUILD_TIMEOUT_MS, NAMESPACE, findHelm, findOne, render } from './helm.js';
import { onlyWebhook, type ConfigMap, type Deployment, type Secret, type WebhookConfiguration } from './objects.js';
import { httpsCall, localArgs, startWebhook, type RunningWebhook } from './webhook-process.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const SERVICE_DNS = `${FULLNAME}.${NAMESPACE}.svc`;

const RUBY_STREAM = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 'ruby', namespace: 'shop' },
  spec: { lookupPolicy: { local: true }, tags: [{ name: '2.5', from: { kind: 'DockerImage', name: 'docker.io/library/ruby:2.5' } }] },
  status: {
    dockerImageRepository: '',
    tags: [{ tag: '2.5', items: [{ created: '2024-01-02T03:04:05Z', dockerImageReference: `docker.io/library/ruby@${DIGEST}`, image: DIGEST, generation: 1 }] }],
  },
};

const REVIEW = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: 'c0ffee00-0000-4000-8000-000000000001',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    name: 'web',
    namespace: 'shop',
    operation: 'CREATE',
    userInfo: { username: 'developer' },
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { containers: [{ name: 'web', image: 'ruby:2.5', imagePullPolicy: 'IfNotPresent' }] },
    },
    dryRun: false,
  },
};

const decode = (base64: string | undefined): string => Buffer.from(base64 ?? '', 'base64').toString('utf8');

describe('helm chart: the rendered Deployment runs the real webhook', function () {
  let dir = '';
  let webhook: RunningWebhook | undefined;
  let caBundle = '';

  before(async function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    const objects = await render(findHelm(), {
      values: {
        alwaysPullImages: true,
        internalRegistryHostname: 'image-registry.example.com:5000',
        'policy.resolutionRules': [{ targetResource: { group: '', resource: 'pods' }, localNames: true, policy: 'Attempt' }],
      },
    });
    const secret = findOne<Secret>(objects, 'Secret');
    const config = findOne<ConfigMap>(objects, 'ConfigMap');
    const [container] = findOne<Deployment>(objects, 'Deployment').spec.template.spec.containers;
    if (container === undefined) throw new Error('no container rendered');
    caBundle = decode(onlyWebhook(findOne<WebhookConfiguration>(objects, 'MutatingWebhookConfiguration')).clientConfig.caBundle);
    dir = mkdtempSync(join(tmpdir(), 'iw-deployment-'));
    const tls = Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, decode(v)]));
    const args = localArgs(container, dir, { tls, config: config.data });
    writeFileSync(join(dir, 'streams.yaml'), stringify(RUBY_STREAM));
    webhook = await startWebhook([...args, '--imagestreams', join(dir, 'streams.yaml')]);
  });

  after(() => {
    webhook?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const path of ['/healthz', '/readyz']) {
    it(`answers the ${path} probe over TLS the caBundle trusts for the Service name`, async () => {
      const reply = await httpsCall(webhook?.port ?? 0, caBundle, SERVICE_DNS, path);
      expect(reply.status).to.equal(200);
    });
  }

  it('resolves a short name and applies the configured AlwaysPullImages on /mutate', async () => {
    const reply = await httpsCall(webhook?.port ?? 0, caBundle, SERVICE_DNS, '/mutate', REVIEW);
    expect(reply.status).to.equal(200);
    const response = (JSON.parse(reply.body) as { response: { uid: string; allowed: boolean; patch?: string } }).response;
    expect(response).to.include({ uid: REVIEW.request.uid, allowed: true });
    const values = (JSON.parse(decode(response.patch)) as { value: unknown }[]).map((op) => op.value);
    expect(values).to.include.members([`docker.io/library/ruby@${DIGEST}`, 'Always']);
  });
});
