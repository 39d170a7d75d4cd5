import { expect } from 'chai';
import { parseImportReference } from '../../src/core/import-reference.js';
import { BlockedAddressError } from '../../src/registry/address-guard.js';
import { TokenRealmError } from '../../src/registry/authorizer.js';
import { HttpOnlyRegistryError } from '../../src/registry/endpoint.js';
import { forReference, toRegistryError } from '../../src/registry/error-mapping.js';
import { errorForStatus } from '../../src/registry/errors.js';
import { createRegistryClient, RegistryError, type RegistryErrorReason } from '../../src/registry/index.js';
import { TransportError } from '../../src/registry/transport.js';
import { importRequest, rejectionOf } from './client-fixture.js';

describe('registry errors in OpenShift words', () => {
  const reference = 'ruby:2.5';
  const ref = parseImportReference(reference);
  const mapped: { name: string; thrown: unknown; reason: RegistryErrorReason; message: string }[] = [
    { name: 'a refused address is Blocked, naming the rule', thrown: new BlockedAddressError('x', '169.254.1.1 is a link-local address'),
      reason: 'Blocked', message: 'importing "ruby:2.5" is refused: 169.254.1.1 is a link-local address' },
    { name: 'an HTTP-only registry is BadRequest', thrown: new HttpOnlyRegistryError('registry-1.docker.io'),
      reason: 'BadRequest', message: 'the repository docker.io/library/ruby is HTTP only and requires the insecure flag to import' },
    { name: 'a realm refusing anonymous is Unauthorized', thrown: new TokenRealmError('no', 401),
      reason: 'Unauthorized', message: 'you may not have access to the container image "ruby:2.5"' },
    { name: 'a rate-limited realm is TooManyRequests', thrown: new TokenRealmError('slow down', 429),
      reason: 'TooManyRequests', message: 'registry registry-1.docker.io is rate limiting requests for "ruby:2.5"' },
    { name: 'an unusable realm is InternalError', thrown: new TokenRealmError('the token realm is not http(s)', 0),
      reason: 'InternalError', message: 'Internal error occurred: get manifest for "ruby:2.5": the token realm is not http(s)' },
    { name: 'no answer is InternalError naming the registry', thrown: new TransportError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED', false),
      reason: 'InternalError', message: 'Internal error occurred: get manifest for "ruby:2.5": registry registry-1.docker.io is unreachable: connect ECONNREFUSED 127.0.0.1:1' },
    { name: 'anything else is InternalError', thrown: new Error('boom'),
      reason: 'InternalError', message: 'Internal error occurred: get manifest for "ruby:2.5": boom' },
  ];
  for (const c of mapped) {
    it(c.name, () => {
      const err = toRegistryError(c.thrown, reference, ref);
      expect(err).to.be.instanceOf(RegistryError);
      expect(err).to.include({ reason: c.reason, message: c.message, reference });
      if (!(c.thrown instanceof TokenRealmError && c.thrown.status !== 0)) expect(err.cause ?? c.thrown).to.equal(c.thrown);
    });
  }

  const statuses: { status: number; reason: RegistryErrorReason }[] = [
    { status: 404, reason: 'NotFound' }, { status: 401, reason: 'Unauthorized' }, { status: 403, reason: 'Forbidden' },
    { status: 429, reason: 'TooManyRequests' }, { status: 500, reason: 'InternalError' }, { status: 502, reason: 'InternalError' },
    { status: 400, reason: 'BadRequest' }, { status: 405, reason: 'BadRequest' },
  ];
  for (const c of statuses) {
    it(`HTTP ${c.status} → ${c.reason}, keeping the status`, () => {
      expect(errorForStatus(reference, 'quay.io', c.status)).to.be.instanceOf(RegistryError).and.include({ reason: c.reason, status: c.status });
    });
  }

  it('a shared outcome quotes each caller its own spelling of the reference', () => {
    const shared = errorForStatus('docker.io/library/ruby:2.5', 'registry-1.docker.io', 404);
    const mine = forReference(shared, 'ruby:2.5');
    expect(mine).to.be.instanceOf(RegistryError).and.include({ reason: 'NotFound', reference: 'ruby:2.5',
      message: 'dockerimage.image.openshift.io "ruby:2.5" not found' });
    expect(forReference(shared, 'docker.io/library/ruby:2.5')).to.equal(shared);
  });

  it('an unparsable reference is BadRequest before any request', async () => {
    const client = createRegistryClient({ onRequest: () => expect.fail('no request may be sent') });
    const err = await rejectionOf(client.importImage(importRequest('quay.io/Acme/App:v1')));
    client.close();
    expect(err).to.be.instanceOf(RegistryError).and.include({ reason: 'BadRequest',
      message: 'invalid image reference "quay.io/Acme/App:v1": repository name must be lowercase' });
  });
});
