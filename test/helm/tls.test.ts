import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FULLNAME, HELM_BUILD_TIMEOUT_MS, NAMESPACE, REPO_ROOT, findAll, findHelm, findOne, render, type KubeObject } from './helm.js';
import { onlyWebhook, type Deployment, type Secret, type WebhookConfiguration } from './objects.js';
import { handshake } from './tls-handshake.js';

const SERVICE_DNS = `${FULLNAME}.${NAMESPACE}.svc`;
const CONFIGS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
/** alwaysPullImages brings the validating webhook, so both configurations are checked. */
const BOTH_WEBHOOKS = { alwaysPullImages: true };

function decode(base64: string | undefined): string {
  if (base64 === undefined) throw new Error('missing base64 value');
  return Buffer.from(base64, 'base64').toString('utf8');
}

function caBundles(objects: KubeObject[]): string[] {
  return CONFIGS.map((kind) => decode(onlyWebhook(findOne<WebhookConfiguration>(objects, kind)).clientConfig.caBundle));
}

function mountedSecret(objects: KubeObject[]): string | undefined {
  const volumes = findOne<Deployment>(objects, 'Deployment').spec.template.spec.volumes;
  return volumes.find((v) => v.name === 'tls')?.secret?.secretName;
}

describe('helm chart: TLS modes', function () {
  let helm = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
  });

  describe('tls.mode=helm', () => {
    it('signs the serving certificate with the CA both webhooks trust, for the Service DNS name', async () => {
      const objects = await render(helm, { values: BOTH_WEBHOOKS });
      const secret = findOne<Secret>(objects, 'Secret');
      expect(secret.type).to.equal('kubernetes.io/tls');
      expect(mountedSecret(objects)).to.equal(secret.metadata.name);
      const ca = new X509Certificate(decode(secret.data['ca.crt']));
      const cert = new X509Certificate(decode(secret.data['tls.crt']));
      expect(ca.ca).to.equal(true);
      expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).to.equal(true);
      expect(cert.checkPrivateKey(createPrivateKey(decode(secret.data['tls.key'])))).to.equal(true);
      expect(cert.subjectAltName?.split(', ')).to.include(`DNS:${SERVICE_DNS}`);
      for (const bundle of caBundles(objects)) expect(new X509Certificate(bundle).raw.equals(ca.raw)).to.equal(true);
    });

    it('serves a certificate a client trusting only the caBundle accepts (real handshake)', async () => {
      const objects = await render(helm, { values: BOTH_WEBHOOKS });
      const secret = findOne<Secret>(objects, 'Secret');
      const serving = { cert: decode(secret.data['tls.crt']), key: decode(secret.data['tls.key']) };
      for (const bundle of caBundles(objects)) await handshake(serving, bundle, SERVICE_DNS);
      const error = await handshake(serving, bundle0(objects), 'other.example.com').then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(Error);
    });

    it('adds the webhook.url host to the SANs, so URL mode on 127.0.0.1 verifies', async () => {
      const objects = await render(helm, { values: { ...BOTH_WEBHOOKS, 'webhook.url': 'https://127.0.0.1:9443' } });
      const secret = findOne<Secret>(objects, 'Secret');
      const serving = { cert: decode(secret.data['tls.crt']), key: decode(secret.data['tls.key']) };
      expect(new X509Certificate(serving.cert).subjectAltName?.split(', ')).to.include('IP Address:127.0.0.1');
      await handshake(serving, bundle0(objects));
    });

    it('rolls the pods when the certificate changes', async () => {
      const [first, second] = await Promise.all([render(helm), render(helm)]);
      const checksum = (objects: KubeObject[]) =>
        findOne<Deployment>(objects, 'Deployment').spec.template.metadata.annotations['checksum/tls'];
      expect(checksum(first ?? [])).to.match(/^[0-9a-f]{64}$/).and.not.equal(checksum(second ?? []));
    });
  });

  describe('tls.mode=certManager', () => {
    it('issues the mounted Secret from a self-signed CA chain and has cert-manager inject that CA', async () => {
      const objects = await render(helm, { values: { ...BOTH_WEBHOOKS, 'tls.mode': 'certManager' } });
      const certificates = findAll(objects, 'Certificate') as (KubeObject & { spec: { secretName: string; dnsNames?: string[]; isCA?: boolean } })[];
      const serving = certificates.find((c) => c.spec.isCA !== true);
      expect(serving?.spec.secretName).to.equal(mountedSecret(objects));
      expect(serving?.spec.dnsNames).to.include(SERVICE_DNS);
      expect(certificates.filter((c) => c.spec.isCA === true)).to.have.length(1);
      expect(findAll(objects, 'Issuer')).to.have.length(2);
      for (const kind of CONFIGS) {
        const config = findOne<WebhookConfiguration>(objects, kind);
        expect(config.metadata.annotations?.['cert-manager.io/inject-ca-from'], kind).to.equal(`${NAMESPACE}/${serving?.metadata.name}`);
        expect(onlyWebhook(config).clientConfig.caBundle, kind).to.equal(undefined);
      }
      expect(findAll(objects, 'Secret')).to.deep.equal([]);
    });

    it('uses a given issuer instead of creating one', async () => {
      const issuerRef = { name: 'corp-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' };
      const objects = await render(helm, { values: { 'tls.mode': 'certManager', 'tls.certManager.issuerRef': issuerRef } });
      expect(findAll(objects, 'Issuer')).to.deep.equal([]);
      expect((findOne(objects, 'Certificate').spec as { issuerRef: unknown }).issuerRef).to.deep.equal(issuerRef);
    });
  });

  describe('tls.mode=secret', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'iw-helm-tls-'));
      execFileSync(`${REPO_ROOT}certs/generate.sh`, [dir, FULLNAME, NAMESPACE]);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const form of ['PEM', 'base64 of PEM']) {
      it(`turns a caBundle given as ${form} into the CA that signed the secret's certificate`, async () => {
        const pem = readFileSync(join(dir, 'ca.crt'), 'utf8');
        const caBundle = form === 'PEM' ? pem : Buffer.from(pem).toString('base64');
        const values = { ...BOTH_WEBHOOKS, 'tls.mode': 'secret', 'tls.secret.name': 'my-tls', 'tls.secret.caBundle': caBundle };
        const objects = await render(helm, { values });
        expect(mountedSecret(objects)).to.equal('my-tls');
        expect(findAll(objects, 'Secret')).to.deep.equal([]);
        const serving = { cert: readFileSync(join(dir, 'tls.crt'), 'utf8'), key: readFileSync(join(dir, 'tls.key'), 'utf8') };
        for (const bundle of caBundles(objects)) await handshake(serving, bundle, SERVICE_DNS);
      });
    }
  });
});

function bundle0(objects: KubeObject[]): string {
  const [first] = caBundles(objects);
  if (first === undefined) throw new Error('no caBundle rendered');
  return first;
}
