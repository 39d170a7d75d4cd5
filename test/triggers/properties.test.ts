/**
 * Properties of reading and normalising trigger annotations over generated input: reading never
 * throws and always names its outcome, normalising is idempotent, keeps what the triggers do, and
 * leaves nothing non-canonical.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import { formatTriggerAnnotation, goJsonString, normalizeTriggerAnnotation } from '../../src/triggers/canonical.js';
import { parseTriggerAnnotation } from '../../src/triggers/parse.js';
import type { ParsedAnnotation } from '../../src/triggers/types.js';
import { annotationArb, fieldPathArb, kindArb } from './arbitraries.js';

const RUNS = { numRuns: 2000, seed: 16 };
const namespaceArb = fc.constantFrom('myproject', 'other');
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string(), annotationArb);

/** What the triggers do, whatever their spelling. */
const meaning = (parsed: ParsedAnnotation): unknown[] =>
  parsed.triggers.map((t) => ({ target: t.target, source: t.source, paused: t.trigger.paused }));

describe('trigger annotation properties', () => {
  it('reading any text never throws, and every problem has a reason and a message', () => {
    fc.assert(fc.property(anyText, kindArb, namespaceArb, (value, kind, namespace) => {
      const parsed = parseTriggerAnnotation(value, { kind, namespace });
      for (const problem of parsed.problems) expect(problem.message).to.be.a('string').and.not.equal('');
      expect(parsed.triggers.length === 0 || parsed.problems.every((p) => p.index !== undefined)).to.equal(true);
    }), RUNS);
  });

  it('normalising never throws, and normalising a normalised annotation changes nothing', () => {
    fc.assert(fc.property(anyText, kindArb, namespaceArb, (value, kind, namespace) => {
      const once = normalizeTriggerAnnotation(value, { kind, namespace });
      if (once === undefined) return;
      expect(normalizeTriggerAnnotation(once, { kind, namespace })).to.equal(once);
    }), RUNS);
  });

  it('a normalised annotation is read as the same triggers, problems and all, with no non-canonical form left', () => {
    fc.assert(fc.property(annotationArb, kindArb, namespaceArb, (value, kind, namespace) => {
      const owner = { kind, namespace };
      const once = normalizeTriggerAnnotation(value, owner);
      if (once === undefined) return;
      const before = parseTriggerAnnotation(value, owner);
      const after = parseTriggerAnnotation(once, owner);
      expect(meaning(after)).to.deep.equal(meaning(before));
      expect(after.problems.map((p) => p.reason)).to.deep.equal(before.problems.map((p) => p.reason));
      expect(after.nonCanonical).to.deep.equal([]);
    }), RUNS);
  });

  it('the written annotation is JSON that reads back as the triggers written', () => {
    const source = fc.record({ kind: fc.string(), name: fc.string(), namespace: fc.string(), apiVersion: fc.string() }, { requiredKeys: ['kind', 'name'] });
    const triggers = fc.array(fc.record({ from: source, fieldPath: fc.oneof(fieldPathArb, fc.string()), paused: fc.boolean() }), { maxLength: 4 });
    fc.assert(fc.property(triggers, (list) => {
      const written = JSON.parse(formatTriggerAnnotation(list)) as unknown;
      const expected = list.map((t) => ({
        from: Object.fromEntries(Object.entries(t.from).filter(([key, v]) => key === 'kind' || key === 'name' || v !== '')),
        fieldPath: t.fieldPath,
        ...(t.paused ? { paused: true } : {}),
      }));
      expect(written).to.deep.equal(list.length === 0 ? null : expected);
    }), RUNS);
  });

  it('strings are written as JSON.stringify writes them, except what Go escapes for HTML', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (value) => {
      const plain = value.replace(/[<>&\u2028\u2029]/g, '');
      expect(goJsonString(plain)).to.equal(JSON.stringify(plain));
      expect(JSON.parse(goJsonString(value))).to.equal(value);
    }), RUNS);
  });
});
