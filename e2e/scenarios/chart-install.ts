import { expect } from 'chai';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { RELEASE } from '../harness/environment.js';
import { get } from '../harness/http.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream } from '../support/streams.js';
import type { ImageStream } from '../../src/core/types.js';

interface Table {
  columnDefinitions: { name: string; priority: number }[];
  rows: { cells: unknown[] }[];
}

/** What `kubectl get`/`kubectl explain` show for the chart's CRD, and the one-release-per-cluster guard. */
export function chartInstallScenarios(ctx: E2eContext): void {
  describe('the installed chart as kubectl users see it', () => {
    const server = (): { url: string; caFile: string; token: string } => {
      const plane = ctx.environment.run.controlPlane;
      return { url: plane.apiServer.url, caFile: plane.pki.ca.cert, token: plane.apiServer.users.admin.token };
    };

    it('lists streams with the columns of `oc get is`: NAME, IMAGE REPOSITORY, TAGS, UPDATED, then IMPORT FAILURE (LOCAL LOOKUP in -o wide)', async () => {
      const ns = await createNamespace(ctx.admin, 'columns');
      await createImageStream(ctx.admin, imageStream(ns, 'ruby', { local: true, tags: { '2.5': digest('a'), latest: digest('b') } }));
      await createImageStream(ctx.admin, failingStream(ns));
      await ctx.admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
        group: 'image.openshift.io', version: 'v1', plural: 'imagestreams', namespace: ns,
        body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'bare' } },
      });
      const { url, caFile, token } = server();
      // The Accept header kubectl sends for `kubectl get`: the server renders the table.
      const reply = await getTable(`${url}/apis/image.openshift.io/v1/namespaces/${ns}/imagestreams`, caFile, token);
      expect(reply.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).to.deep.equal(['Name', 'Image Repository', 'Tags', 'Updated', 'Import Failure']);
      expect(reply.columnDefinitions.filter((c) => c.priority === 1).map((c) => c.name)).to.deep.equal(['Local Lookup']);
      const [bare, failing, ruby] = reply.rows.map((r) => r.cells);
      expect(ruby?.slice(0, 3)).to.deep.equal(['ruby', `image-registry.openshift-image-registry.svc:5000/${ns}/ruby`, '2.5']);
      expect(ruby?.[3], 'UPDATED: when the status was written').to.match(/^\d+s$/);
      expect(ruby?.[4], 'IMPORT FAILURE: empty while every import succeeded').to.equal(null);
      expect(ruby?.[5]).to.equal(true);
      expect(failing?.[4], 'IMPORT FAILURE: the first failing tag\'s reason').to.equal('BadRequest');
      expect(bare, 'lookupPolicy.local defaults to false instead of an empty cell').to.deep.equal(['bare', null, null, null, null, false]);
    });

    it('explains that a tag event needs `image` to resolve (`kubectl explain imagestream.status.tags.items`)', async () => {
      const { url, caFile, token } = server();
      const reply = await get(`${url}/openapi/v3/apis/image.openshift.io/v1`, { caFile, token });
      const doc = JSON.parse(reply.body) as { components: { schemas: Record<string, { properties?: Record<string, Schema> }> } };
      const stream = doc.components.schemas['io.openshift.image.v1.ImageStream'];
      const event = stream?.properties?.['status']?.properties?.['tags']?.items?.properties?.['items'];
      expect(event?.description).to.include('Resolution uses the first item');
      expect(event?.items?.properties?.['image']?.description).to.include('Required for resolution');      const generation = stream?.properties?.['spec']?.properties?.['tags']?.items?.properties?.['generation'];
      expect(generation?.description, 'kubectl explain imagestream.spec.tags.generation').to.include('A failed import is retried by itself once its cause is fixed; set this to 0 to ask for a re-import at once');
    });

    it('refuses a second release in the same cluster, naming the first', async () => {
      const failure = await ctx.environment.run.helm.install({ name: 'second', namespace: 'second-release' }, {}).then(
        () => 'installed', (err: Error) => err.message,
      );
      expect(failure).to.include(`already installed in this cluster as release "${RELEASE.name}" in namespace "${RELEASE.namespace}"`);
    });
  });
}

/**
 * A stream whose status an importer wrote with a tag that imported and one whose last import failed,
 * in tag order `ok`, `insec`, so IMPORT FAILURE must look past the first tag.
 */
function failingStream(namespace: string): ImageStream {
  const stream = imageStream(namespace, 'insec', { local: true, tags: { ok: digest('c') } });
  stream.status?.tags?.push({
    tag: 'insec', items: [],
    conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'BadRequest', message: 'the repository 127.0.0.1:5001/insec/img is HTTP only and requires the insecure flag to import', lastTransitionTime: '2026-11-30T07:00:00Z', generation: 1 }],
  });
  return stream;
}

interface Schema {
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

async function getTable(url: string, caFile: string, token: string): Promise<Table> {
  const { request } = await import('node:https');
  const { readFileSync } = await import('node:fs');
  return new Promise((resolve, reject) => {
    const req = request(url, {
      ca: readFileSync(caFile),
      headers: { authorization: `Bearer ${token}`, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve(JSON.parse(body) as Table));
    });
    req.on('error', reject);
    req.end();
  });
}
