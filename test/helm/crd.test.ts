import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { validate, untypedNodes, type Schema } from './crd-schema.js';
import { HELM_BUILD_TIMEOUT_MS, REPO_ROOT, findAll, findHelm, findOne, render, type KubeObject } from './helm.js';

const CRD = 'CustomResourceDefinition';
const SEED_STREAMS = parseAllDocuments(readFileSync(`${REPO_ROOT}test/helm/fixtures/seed-image-streams.yaml`, 'utf8'))
  .map((d) => d.toJS() as KubeObject | null)
  .filter((o): o is KubeObject => o !== null);
const DIGEST = `sha256:${'a'.repeat(64)}`;

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: { status?: object };
  schema: { openAPIV3Schema: Schema };
}
interface Crd extends KubeObject {
  spec: { group: string; scope: string; names: { kind: string; plural: string }; versions: CrdVersion[] };
}

/** Every field of the image/v1 API field list that the CRD models, in one stream. */
const ALL_FIELDS = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 'ruby', namespace: 'apps' },
  spec: {
    lookupPolicy: { local: true },
    dockerImageRepository: 'quay.io/acme/ruby',
    tags: [
      { name: '2.5', annotations: { a: 'b' }, from: { kind: 'DockerImage', name: 'quay.io/acme/ruby:2.5' }, generation: 3,
        importPolicy: { insecure: false, scheduled: true, importMode: 'PreserveOriginal' }, referencePolicy: { type: 'Local' } },
      { name: 'stable', from: { kind: 'ImageStreamTag', name: 'ruby:2.5', namespace: 'apps' }, reference: true },
      { name: 'pinned', from: { kind: 'ImageStreamImage', name: `ruby@${DIGEST}` } },
    ],
  },
  status: {
    dockerImageRepository: 'image-registry.example.com:5000/apps/ruby',
    publicDockerImageRepository: 'registry.example.com/apps/ruby',
    tags: [
      { tag: '2.5', items: [{ created: '2024-01-02T03:04:05Z', dockerImageReference: `quay.io/acme/ruby@${DIGEST}`, image: DIGEST, generation: 3 }],
        conditions: [{ type: 'ImportSuccess', status: 'False', lastTransitionTime: '2024-01-02T03:04:05Z', reason: 'NotFound', message: 'not found', generation: 3 }] },
      { tag: 'pending', items: null },
    ],
  },
};

function schemaOf(crd: Crd): Schema {
  const [version] = crd.spec.versions;
  if (version === undefined) throw new Error('CRD has no version');
  return version.schema.openAPIV3Schema;
}

describe('helm chart: ImageStream CRD', function () {
  let helm = '';
  let schema: Schema = {};
  before(async function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
    schema = schemaOf(findOne<Crd>(await render(helm), CRD));
  });

  const installs: { name: string; values: Record<string, unknown>; apiVersions: string[]; installed: boolean }[] = [
    { name: 'auto installs it where image.openshift.io/v1 is not served', values: {}, apiVersions: [], installed: true },
    { name: 'auto leaves OpenShift\'s own API alone', values: {}, apiVersions: ['image.openshift.io/v1'], installed: false },
    { name: 'true installs it even there', values: { 'crds.install': true }, apiVersions: ['image.openshift.io/v1'], installed: true },
    { name: 'false never installs it', values: { 'crds.install': false }, apiVersions: [], installed: false },
  ];
  for (const c of installs) {
    it(`crds.install: ${c.name}`, async () => {
      const objects = await render(helm, { values: c.values, apiVersions: c.apiVersions });
      expect(findAll(objects, CRD).length).to.equal(c.installed ? 1 : 0);
    });
  }

  it('is image.openshift.io/v1 ImageStream with a status subresource, kept on uninstall', async () => {
    const crd = findOne<Crd>(await render(helm), CRD);
    expect(crd.metadata.name).to.equal('imagestreams.image.openshift.io');
    expect(crd.metadata.annotations?.['helm.sh/resource-policy']).to.equal('keep');
    expect(crd.spec).to.deep.include({ group: 'image.openshift.io', scope: 'Namespaced' });
    expect(crd.spec.names).to.deep.include({ kind: 'ImageStream', plural: 'imagestreams' });
    expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage, v.subresources])).to.deep.equal([['v1', true, true, { status: {} }]]);
  });

  it('prints the columns of `oc get is` (NAME, IMAGE REPOSITORY, TAGS, UPDATED), then IMPORT FAILURE, LOCAL LOOKUP with -o wide', async () => {
    const crd = findOne<Crd & { spec: { versions: { additionalPrinterColumns?: { name: string; priority?: number }[] }[] } }>(await render(helm), CRD);
    const columns = crd.spec.versions[0]?.additionalPrinterColumns ?? [];
    expect(columns.filter((c) => (c.priority ?? 0) === 0).map((c) => c.name)).to.deep.equal(['Image Repository', 'Tags', 'Updated', 'Import Failure']);
    expect(columns.filter((c) => c.priority === 1).map((c) => c.name)).to.deep.equal(['Local Lookup']);
  });

  it('describes every field for `kubectl explain`, spec.tags[].generation included', () => {
    const undescribed: string[] = [];
    const walk = (node: Schema, path: string): void => {
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        if (name === 'metadata' && path === '') continue;
        if (!child.description) undescribed.push(`${path}.${name}`);
        walk(child, `${path}.${name}`);
      }
      if (node.items) walk(node.items, path);
    };
    walk(schema, '');
    expect(undescribed).to.deep.equal([]);
    const generation = schema.properties?.['spec']?.properties?.['tags']?.items?.properties?.['generation'];
    expect(generation?.description).to.include('A failed import is retried by itself once its cause is fixed; set this to 0 to ask for a re-import at once');
  });

  it('has a structural schema with no untyped nodes', () => {
    expect(untypedNodes(schema)).to.deep.equal([]);
  });

  for (const [i, stream] of SEED_STREAMS.entries()) {
    it(`accepts seed example ${i + 1} (${stream.metadata.name})`, () => {
      expect(validate(stream, schema)).to.deep.equal([]);
    });
  }

  it('accepts every field of the image/v1 API field list', () => {
    expect(validate(ALL_FIELDS, schema)).to.deep.equal([]);
  });

  const invalid: { name: string; spec: object; problem: string }[] = [
    { name: 'a misspelt lookupPolicy field', spec: { lookupPolicy: { locl: true } }, problem: '.spec.lookupPolicy.locl: unknown field' },
    { name: 'lookupPolicy.local as a string', spec: { lookupPolicy: { local: 'true' } }, problem: '.spec.lookupPolicy.local: must be boolean, got string' },
    { name: 'a tag without a name', spec: { tags: [{ from: { kind: 'DockerImage', name: 'ruby' } }] }, problem: '.spec.tags[0].name: required' },
    { name: 'two tags with the same name', spec: { tags: [{ name: 'a' }, { name: 'a' }] }, problem: '.spec.tags[1]: duplicate entry for key ["a"]' },
    { name: 'a from.kind other than DockerImage, ImageStreamTag or ImageStreamImage', spec: { tags: [{ name: 'a', from: { kind: 'Image', name: 'x' } }] }, problem: '.spec.tags[0].from.kind: "Image" not in enum' },
    { name: 'an unknown reference policy', spec: { tags: [{ name: 'a', referencePolicy: { type: 'Remote' } }] }, problem: '.spec.tags[0].referencePolicy.type: "Remote" not in enum' },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => {
      expect(validate({ ...ALL_FIELDS, spec: c.spec }, schema)).to.deep.equal([c.problem]);
    });
  }

  it('rejects a tag event whose created time is not a date-time', () => {
    const status = { tags: [{ tag: 'a', items: [{ created: 'yesterday', image: DIGEST }] }] };
    expect(validate({ ...ALL_FIELDS, status }, schema)).to.deep.equal(['.status.tags[0].items[0].created: not an RFC 3339 date-time']);
  });
});
