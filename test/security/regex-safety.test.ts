import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { checkSync } from 'recheck';
import { upstreamPattern } from '../helpers/upstream-reference.js';
import { collectSourceRegexes } from './source-regexes.js';

/** The repository root, from this file's compiled location `dist/test/security/`. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('every regular expression in src/ is safe from ReDoS (recheck)', function () {
  this.timeout(120_000);

  it('the checker reports the old reference grammar as exponential, so a pass below means something', () => {
    const result = checkSync(upstreamPattern().source, '');
    expect(result.status).to.equal('vulnerable');
    expect(result.status === 'vulnerable' ? result.complexity.type : undefined).to.equal('exponential');
  });

  it('finds the regexes of src/ by scanning, and every one is safe', async () => {
    const { regexes, problems } = await collectSourceRegexes(`${ROOT}src`, `${ROOT}dist/src`);
    expect(problems, 'every RegExp construction must be readable').to.deep.equal([]);
    expect(regexes.map((r) => r.where).join('\n'), 'the reference grammar is among them').to.include('core/image-ref.ts');
    const unsafe = regexes
      .map((r) => ({ ...r, result: checkSync(r.source, r.flags) }))
      .filter((r) => r.result.status !== 'safe')
      .map((r) => `${r.where} /${r.source}/${r.flags}: ${r.result.status}${r.result.status === 'vulnerable' ? ` (attack ${r.result.attack.pattern})` : ''}`);
    expect(unsafe).to.deep.equal([]);
  });
});
