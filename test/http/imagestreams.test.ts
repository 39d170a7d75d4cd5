/** `POST /imagestreams` over real HTTPS: the ImageStream stamping webhook's AdmissionReview answers. */
import { expect } from 'chai';
import { C0 } from '../helpers/builders.js';
import { admissionReview, call, makeCertificates, startTestServer, type CertificateFiles, type TestServer } from './support.js';

const FROM = { kind: 'DockerImage', name: 'quay.io/acme/app:1' };

function streamRequest(operation: string, object: unknown, oldObject?: unknown, extra: object = {}): object {
  return {
    uid: 'a0b1c2d3-0000-4000-8000-000000000009',
    kind: { group: 'image.openshift.io', version: 'v1', kind: 'ImageStream' },
    resource: { group: 'image.openshift.io', version: 'v1', resource: 'imagestreams' },
    namespace: 'myproject',
    name: 'app',
    operation,
    userInfo: { username: 'developer' },
    object,
    ...(oldObject === undefined ? {} : { oldObject }),
    ...extra,
  };
}

const stream = (generation: number | undefined, tags: object[]) => ({
  apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app', ...(generation === undefined ? {} : { generation }) }, spec: { tags },
});

interface Answer {
  apiVersion: string;
  response: { uid: string; allowed: boolean; patchType?: string; patch?: string };
}

describe('POST /imagestreams: ImageStream tag generation stamping over HTTPS', () => {
  let certificates: CertificateFiles;
  let server: TestServer;
  before(async () => {
    certificates = makeCertificates();
    server = await startTestServer({ certificates, config: C0 });
  });
  after(() => server.close());

  const post = async (body: unknown) => call({ port: server.port, ca: certificates.ca, path: '/imagestreams', body: body as object });
  const decode = (answer: Answer): unknown => (answer.response.patch === undefined ? undefined : JSON.parse(Buffer.from(answer.response.patch, 'base64').toString('utf8')));

  it('stamps a second generation: 0 request on UPDATE with the stored generation + 1', async () => {
    const tags = [{ name: 'v1', from: FROM, generation: 0 }];
    const reply = await post(admissionReview(streamRequest('UPDATE', stream(4, tags), stream(4, tags))));
    expect(reply.status).to.equal(200);
    const answer = JSON.parse(reply.body) as Answer;
    expect(answer.response).to.include({ uid: 'a0b1c2d3-0000-4000-8000-000000000009', allowed: true, patchType: 'JSONPatch' });
    expect(decode(answer)).to.deep.equal([{ op: 'add', path: '/spec/tags/0/generation', value: 5 }]);
  });

  it('answers v1beta1 in v1beta1, stamping every tag of a CREATE with 1', async () => {
    const reply = await post(admissionReview(streamRequest('CREATE', stream(undefined, [{ name: 'a', from: FROM }, { name: 'b', from: FROM }])), 'admission.k8s.io/v1beta1'));
    const answer = JSON.parse(reply.body) as Answer;
    expect(answer.apiVersion).to.equal('admission.k8s.io/v1beta1');
    expect(decode(answer)).to.deep.equal([
      { op: 'add', path: '/spec/tags/0/generation', value: 1 },
      { op: 'add', path: '/spec/tags/1/generation', value: 1 },
    ]);
  });

  for (const [name, request] of [
    ['an unchanged UPDATE', streamRequest('UPDATE', stream(2, [{ name: 'v1', from: FROM, generation: 2 }]), stream(2, [{ name: 'v1', from: FROM, generation: 2 }]))],
    ['the status subresource', streamRequest('UPDATE', stream(2, [{ name: 'v1', from: FROM }]), stream(2, []), { subResource: 'status' })],
    ['a DELETE', streamRequest('DELETE', null, stream(2, [{ name: 'v1', from: FROM }]))],
    ['another resource', { ...streamRequest('CREATE', stream(undefined, [{ name: 'v1', from: FROM }])), resource: { group: '', version: 'v1', resource: 'configmaps' } }],
  ] as const) {
    it(`allows ${name} without a patch`, async () => {
      const answer = JSON.parse((await post(admissionReview(request))).body) as Answer;
      expect(answer.response.allowed).to.equal(true);
      expect(answer.response.patch).to.equal(undefined);
    });
  }

  it('answers 400 with a Status naming the problem for a body that is not an AdmissionReview', async () => {
    const reply = await post({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request: { uid: 'x' } });
    expect(reply.status).to.equal(400);
    expect(JSON.parse(reply.body)).to.include({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect(reply.body).to.include('request.operation must be a string');
  });

  it('refuses an invalid stream with allowed: false, code 422 and a message naming the tag', async () => {
    const tags = [{ name: 'v1', from: FROM }, { name: 'v2', from: { kind: 'ImageStreamImage', name: 'app:v1' } }, { name: 'v1', from: FROM }];
    const reply = await post(admissionReview(streamRequest('CREATE', stream(undefined, tags))));
    expect(reply.status).to.equal(200);
    const answer = JSON.parse(reply.body) as Answer & { response: { status?: { code: number; reason: string; message: string } } };
    expect(answer.response).to.include({ uid: 'a0b1c2d3-0000-4000-8000-000000000009', allowed: false });
    expect(answer.response.patch).to.equal(undefined);
    expect(answer.response.status).to.deep.equal({
      code: 422,
      reason: 'Invalid',
      message: 'ImageStream.image.openshift.io "app" is invalid: [tag "v2": spec.tags[1].from.name: Invalid value: "app:v1": must be <stream>@<digest>, ' +
        'tag "v1": spec.tags[2].name: Duplicate value: "v1"]',
    });
  });

  it('logs one line per review, naming the handler, without the object', async () => {
    await post(admissionReview(streamRequest('CREATE', stream(undefined, [{ name: 'secret-tag', from: FROM }]))));
    const line = server.logs.withMessage('review').at(-1);
    expect(line).to.include({ handler: 'ImageStream', operation: 'CREATE', name: 'app', outcome: 'Mutated' });
    expect(JSON.stringify(line)).to.not.include('secret-tag');
  });
});
