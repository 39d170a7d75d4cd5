import { expect } from 'chai';
import { ApiServerError, ConflictError } from '../../src/kube/api-server-error.js';
import { IMAGE_STREAMS } from '../../src/kube/resource-types.js';
import { isStaleWrite, notFoundMessage, withFreshReads } from '../../src/plugin/cluster.js';

const refused = (code: number, message: string): ApiServerError =>
  new (code === 409 ? ConflictError : ApiServerError)('patch imagestreams team/app', code, { cause: new Error(message) });

describe('plugin writes refused because the object changed', () => {
  it('counts a 409 and a failed JSON patch test as stale, and a validation refusal or a 403 as not', () => {
    expect(isStaleWrite(refused(409, 'the object has been modified'))).to.equal(true);
    expect(isStaleWrite(refused(422, 'testing value /spec/tags/0 failed: test failed'))).to.equal(true);
    expect(isStaleWrite(refused(422, 'ImageStream.image.openshift.io "app" is invalid: spec.tags[0].from.name: Required value'))).to.equal(false);
    expect(isStaleWrite(refused(403, 'forbidden'))).to.equal(false);
    expect(isStaleWrite(new Error('test failed'))).to.equal(false);
  });

  it('reads and decides again after a stale write, and gives up after five attempts', async () => {
    let calls = 0;
    const answer = await withFreshReads(async () => {
      calls += 1;
      if (calls < 3) throw refused(409, 'conflict');
      return await Promise.resolve('written');
    });
    expect({ answer, calls }).to.deep.equal({ answer: 'written', calls: 3 });
    calls = 0;
    let caught: unknown;
    try {
      await withFreshReads(async () => {
        calls += 1;
        return await Promise.reject(refused(409, 'conflict'));
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ConflictError);
    expect(calls).to.equal(5);
  });

  it('does not retry any other failure', async () => {
    let calls = 0;
    const failing = withFreshReads(async () => {
      calls += 1;
      return await Promise.reject(refused(403, 'forbidden'));
    });
    await failing.then(() => expect.fail('resolved'), () => undefined);
    expect(calls).to.equal(1);
  });

  it("names a missing object in the API server's words", () => {
    expect(notFoundMessage(IMAGE_STREAMS, 'x')).to.equal('imagestreams.image.openshift.io "x" not found');
  });
});
