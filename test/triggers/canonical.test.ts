import { expect } from 'chai';
import { describe, it } from 'mocha';
import { containerTrigger, formatTriggerAnnotation, goJsonString, normalizeTriggerAnnotation, type ContainerTrigger } from '../../src/triggers/canonical.js';
import type { WorkloadKind } from '../../src/triggers/types.js';
import { NS, TEMPLATE } from './support.js';

const owner = (kind: WorkloadKind = 'Deployment') => ({ kind, namespace: NS });
const web = (extra: Partial<ContainerTrigger> = {}): ContainerTrigger => ({
  owner: owner(), list: 'containers', container: 'web', from: { namespace: NS, stream: 'app', tag: 'v1' }, paused: false, ...extra,
});

describe('formatTriggerAnnotation', () => {
  // Each expected value is the byte string `oc set triggers` writes for the same request.
  const cases: { name: string; triggers: ContainerTrigger[]; want: string }[] = [
    { name: 'one container: compact JSON, from (kind, name), fieldPath, and no paused field when not paused',
      triggers: [web()],
      want: String.raw`[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image"}]` },
    { name: 'a paused trigger ends with "paused":true',
      triggers: [web({ paused: true })],
      want: String.raw`[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image","paused":true}]` },
    { name: 'a source in another namespace names it after the name',
      triggers: [web({ from: { namespace: 'other', stream: 'base', tag: 'v1' } })],
      want: String.raw`[{"from":{"kind":"ImageStreamTag","name":"base:v1","namespace":"other"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image"}]` },
    { name: 'a CronJob names the container under its Job template',
      triggers: [web({ owner: owner('CronJob') })],
      want: String.raw`[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.jobTemplate.spec.template.spec.containers[?(@.name==\"web\")].image"}]` },
    { name: 'D19: an init container gets an initContainers path',
      triggers: [web({ list: 'initContainers', container: 'setup' })],
      want: String.raw`[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.initContainers[?(@.name==\"setup\")].image"}]` },
    { name: 'several containers keep their order, one trigger each',
      triggers: [web(), web({ container: 'db', from: { namespace: NS, stream: 'db', tag: '8' } })],
      want: String.raw`[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image"},` +
        String.raw`{"from":{"kind":"ImageStreamTag","name":"db:8"},"fieldPath":"spec.template.spec.containers[?(@.name==\"db\")].image"}]` },
    { name: 'no triggers is null, as oc writes an emptied list', triggers: [], want: 'null' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(formatTriggerAnnotation(c.triggers.map(containerTrigger))).to.equal(c.want);
    });
  }

  it('writes the bytes oc new-app wrote for a redis Deployment, as found in a public repository', () => {
    const written = formatTriggerAnnotation([containerTrigger(web({ container: 'redis', from: { namespace: NS, stream: 'redis', tag: 'latest' } }))]);
    expect(written).to.equal(String.raw`[{"from":{"kind":"ImageStreamTag","name":"redis:latest"},"fieldPath":"spec.template.spec.containers[?(@.name==\"redis\")].image"}]`);
  });
});

describe('goJsonString', () => {
  const cases: { name: string; value: string; want: string }[] = [
    { name: 'escapes quotes and backslashes', value: 'a"b\\c', want: String.raw`"a\"b\\c"` },
    { name: 'escapes <, > and & for HTML as Go does', value: '<a&b>', want: String.raw`"\u003ca\u0026b\u003e"` },
    { name: 'escapes the line and paragraph separators', value: '\u2028\u2029', want: String.raw`"\u2028\u2029"` },
    { name: 'uses short escapes for newline, return, tab, backspace and form feed', value: '\n\r\t\b\f', want: String.raw`"\n\r\t\b\f"` },
    { name: 'writes other control characters as lowercase \\u escapes', value: '\u0001\u001f', want: String.raw`"\u0001\u001f"` },
    { name: 'writes other characters as they are', value: 'ünï 日本 😀', want: '"ünï 日本 😀"' },
    { name: 'replaces a lone surrogate by U+FFFD, as Go replaces invalid UTF-8', value: 'a\ud800b\udc00', want: '"a\ufffdb\ufffd"' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(goJsonString(c.value)).to.equal(c.want);
    });
  }
});

describe('normalizeTriggerAnnotation', () => {
  const canonical = String.raw`[{"from":{"kind":"ImageStreamTag","name":"example:latest"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image"}]`;
  const cases: { name: string; value: string; want: string | undefined }[] = [
    { name: 'D11: the example of OpenShift\'s documentation becomes the canonical form',
      value: `[{"from":{"kind":"ImageStreamTag","name":"example:latest"},"fieldPath":"${TEMPLATE}.containers[?(@.name='web')].image"}]`, want: canonical },
    { name: 'D11: the console\'s own namespace and "pause" key are dropped',
      value: String.raw`[{"from":{"kind":"ImageStreamTag","name":"example:latest","namespace":"myproject"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image","pause":"false"}]`,
      want: canonical },
    { name: 'D11: paused as the string "true" becomes the boolean',
      value: String.raw`[{"from":{"kind":"ImageStreamTag","name":"example:latest"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image","paused":"true"}]`,
      want: `${canonical.slice(0, -2)},"paused":true}]` },
    { name: 'pretty-printed JSON in a YAML block becomes compact',
      value: `[\n  {\n    "fieldPath": "${TEMPLATE}.containers[?(@.name==\\"web\\")].image",\n    "from": { "name": "example:latest", "kind": "ImageStreamTag" },\n    "paused": false\n  }\n]\n`,
      want: canonical },
    { name: 'a field path that is not followed is kept as written',
      value: '[{"from":{"kind":"ImageStreamTag","name":"example:latest"},"fieldPath":"spec.containers[0].image"}]',
      want: '[{"from":{"kind":"ImageStreamTag","name":"example:latest"},"fieldPath":"spec.containers[0].image"}]' },
    { name: 'an empty list becomes null', value: '[]', want: 'null' },
    { name: 'text that is not JSON has no normal form', value: '[{', want: undefined },
    { name: 'duplicate field paths have no normal form', value: `[${canonical.slice(1, -1)},${canonical.slice(1, -1)}]`, want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(normalizeTriggerAnnotation(c.value, owner())).to.equal(c.want);
    });
  }

  it('keeps a source namespace that is not the workload\'s', () => {
    const value = '[{"from":{"kind":"ImageStreamTag","name":"base:v1","namespace":"other"},"fieldPath":"spec.template.spec.containers[0].image"}]';
    expect(normalizeTriggerAnnotation(value, owner())).to.equal(value);
  });
});
