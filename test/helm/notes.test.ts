import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHART_DIR, FULLNAME, HELM_BUILD_TIMEOUT_MS, NAMESPACE, findHelm, render } from './helm.js';

/**
 * `helm template` never prints NOTES.txt, so a copy of the chart gets one extra template that
 * renders the notes into a ConfigMap, with the same values and capabilities.
 */
const NOTES_PROBE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
data:
  notes: {{ include (print .Template.BasePath "/NOTES.txt") . | toJson }}
`;

describe('helm chart: NOTES.txt', function () {
  let helm = '';
  let chartDir = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
    chartDir = join(mkdtempSync(join(tmpdir(), 'iw-notes-')), 'chart');
    cpSync(CHART_DIR, chartDir, { recursive: true });
    writeFileSync(join(chartDir, 'templates', 'zz-notes-probe.yaml'), NOTES_PROBE);
  });
  after(() => rmSync(join(chartDir, '..'), { recursive: true, force: true }));

  async function notes(values: Record<string, unknown>, apiVersions: string[] = []): Promise<string> {
    const objects = await render(helm, { chartDir, values, apiVersions });
    const probe = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'notes');
    if (probe === undefined) throw new Error('the NOTES probe was not rendered');
    return (probe as unknown as { data: { notes: string } }).data.notes;
  }

  it('tells the admin how to wait for it and try a short name', async () => {
    const text = await notes({});
    expect(text).to.include(`kubectl -n ${NAMESPACE} rollout status deployment/${FULLNAME}`);
    expect(text).to.include(`kubectl -n NS patch imagestream ruby --type merge -p '{"spec":{"lookupPolicy":{"local":true}}}'`);
    expect(text).to.include('--image=ruby:2.5 --dry-run=server');
    expect(text).to.include('mutating webhook failurePolicy: Ignore');
  });

  it('reports the enforcing validating webhook, the excluded namespaces and who provides the CRD', async () => {
    const text = await notes({ 'policy.resolveImages': 'Required', 'webhook.excludeNamespaces': ['monitoring'] }, ['image.openshift.io/v1']);
    expect(text).to.include('mutating webhook failurePolicy: Fail');
    expect(text).to.include('validating webhook failurePolicy: Fail');
    expect(text).to.include(`namespaces kube-system, ${NAMESPACE}, monitoring`);
    expect(text).to.include('ImageStream CRD:  provided by the cluster');
  });

  it('says the opt-out label exempts resolution only, AlwaysPullImages still applying (D17)', async () => {
    const text = await notes({ alwaysPullImages: true });
    expect(text).to.include('Not resolved:     objects labelled imagestream-webhook/exclude=true (AlwaysPullImages still applies to them)');
  });

  it('says the chart\'s import controller fills stream status, and how to import a failed tag again', async () => {
    const text = await notes({ 'controller.enabled': true });
    expect(text).to.include(`The import controller (deployment/${FULLNAME}-controller, 2 replicas, one`);
    expect(text).to.include('apiVersion: image.openshift.io/v1');
    expect(text).to.include(`kubectl -n NS patch imagestream ruby --type json -p '[{"op":"add","path":"/spec/tags/0/generation","value":0}]'`);
    expect(text).to.include('the tag is\nimported again by itself');
    expect(text).to.not.include('whatever imports images');
    expect(text).to.include('docs/import-controller.md');
  });

  it('prints the integrated registry\'s docker login and push commands, and warns about emptyDir storage and an in-cluster name', async () => {
    const text = await notes({ 'registry.enabled': true });
    const host = `${FULLNAME}-registry.${NAMESPACE}.svc:5000`;
    expect(text).to.include(`docker login -u any -p $(kubectl create token default -n <namespace>) ${host}`);
    expect(text).to.include(`docker push ${host}/<namespace>/<name>:<tag>`);
    expect(text).to.include('WARNING: registry.persistence.enabled is false');
    expect(text).to.include('WARNING: registry.hostname is not set');
    const quiet = await notes({ 'registry.enabled': true, 'registry.hostname': 'registry.example.com', 'registry.persistence.enabled': true });
    expect(quiet).to.not.include('WARNING');
    expect(await notes({})).to.not.include('docker login');
  });

  it('says who writes status when the controller is left out', async () => {
    const text = await notes({ 'controller.enabled': false });
    expect(text).to.include('The import controller is not installed (controller.enabled=false)');
    expect(text).to.not.include('deployment/iw-imagestream-webhook-controller');
  });

  it('points at the behaviour reference, the image-puller role and the way to load stream status', async () => {
    const text = await notes({});
    expect(text).to.include('docs/behaviour.md');
    expect(text).to.include(`--clusterrole=${FULLNAME}-image-puller --group=system:serviceaccounts:A`);
    expect(text).to.include('imagestream-webhook load-imagestreams -f examples/imagestreams -n NS');
    expect(text).to.not.include('spec/');
  });
});
