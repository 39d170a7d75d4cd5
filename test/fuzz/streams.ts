import type { ImageStream } from '../../src/core/types.js';

/**
 * A stream whose repository is not under the integrated registry's name (the chart's default
 * setup has no internalRegistryHostname) and whose tag is not imported yet, so a local name falls back to the stream's repository and tag.
 */
export const PYTHON: ImageStream = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 'python', namespace: 'myproject' },
  spec: { lookupPolicy: { local: true }, tags: [{ name: 'soon', from: { kind: 'DockerImage', name: 'docker.io/library/python:3' } }] },
  status: { dockerImageRepository: 'registry.example.com/myproject/python', tags: [] },
};
