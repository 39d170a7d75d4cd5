import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { HELM_BUILD_TIMEOUT_MS, REPO_ROOT, findHelm } from './helm.js';

const GENERATED = ['imagestream-webhook.yaml', 'imagestreams-crd.yaml'];

describe('manifests/: plain YAML for kubectl apply', function () {
  let fresh = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    const helm = findHelm();
    fresh = mkdtempSync(join(tmpdir(), 'iw-manifests-'));
    execFileSync(`${REPO_ROOT}manifests/render.sh`, [fresh], { env: { ...process.env, HELM: helm } });
  });
  after(() => rmSync(fresh, { recursive: true, force: true }));

  it('renders exactly the generated files', () => {
    expect(readdirSync(fresh).sort()).to.deep.equal(GENERATED);
  });

  for (const file of GENERATED) {
    it(`${file} is identical to a fresh render (run npm run manifests after changing the chart)`, () => {
      expect(readFileSync(join(REPO_ROOT, 'manifests', file), 'utf8')).to.equal(readFileSync(join(fresh, file), 'utf8'));
    });
  }

  it('creates the namespace first and contains no generated key material', () => {
    const objects = parseAllDocuments(readFileSync(join(fresh, GENERATED[0] ?? ''), 'utf8'))
      .map((d) => d.toJS() as { kind: string } | null)
      .filter((o): o is { kind: string } => o !== null);
    expect(objects[0]?.kind).to.equal('Namespace');
    expect(objects.map((o) => o.kind)).to.include.members(['Certificate', 'Deployment', 'MutatingWebhookConfiguration']);
    expect(objects.map((o) => o.kind)).to.not.include.members(['Secret', 'CustomResourceDefinition']);
  });
});
