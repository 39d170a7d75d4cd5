import { expect } from 'chai';
import { describe, it } from 'mocha';
import { defaultPullPolicy, normalizedTag } from '../../src/core/pull-policy.js';
import { Da } from '../helpers/builders.js';
import { seeded } from '../helpers/random.js';

describe('defaultPullPolicy: Always for the latest tag (written or implied), IfNotPresent otherwise', () => {
  const cases: { image: string; tag: string | undefined; want: string }[] = [
    { image: 'nginx', tag: 'latest', want: 'Always' },
    { image: 'nginx:latest', tag: 'latest', want: 'Always' },
    { image: 'nginx:1.25', tag: '1.25', want: 'IfNotPresent' },
    { image: `nginx@${Da}`, tag: '', want: 'IfNotPresent' },
    { image: `nginx:latest@${Da}`, tag: 'latest', want: 'Always' },
    { image: `url:5000/repo:latest@${Da}`, tag: 'latest', want: 'Always' },
    { image: 'nginx:LATEST', tag: 'LATEST', want: 'IfNotPresent' },
    { image: 'NGINX:latest', tag: undefined, want: 'IfNotPresent' },
    { image: 'localhost:5000/nginx', tag: 'latest', want: 'Always' },
    { image: 'Registry.Example.com/team/app', tag: 'latest', want: 'Always' },
    { image: 'Team/app', tag: 'latest', want: 'Always' },
    { image: 'team/App', tag: undefined, want: 'IfNotPresent' },
    { image: '', tag: undefined, want: 'IfNotPresent' },
    { image: 'a'.repeat(64).replace(/a/g, 'f'), tag: undefined, want: 'IfNotPresent' },
    { image: 'ruby:', tag: undefined, want: 'IfNotPresent' },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.image)} has tag ${String(c.tag)} and defaults to ${c.want}`, () => {
      expect(normalizedTag(c.image)).to.equal(c.tag);
      expect(defaultPullPolicy(c.image)).to.equal(c.want);
    });
  }

  it('never throws on random strings', () => {
    const random = seeded(7);
    const alphabet = 'abAZ09:/@.-_ '.split('');
    for (let i = 0; i < 5000; i++) {
      let image = '';
      for (let j = Math.floor(random() * 30); j > 0; j--) image += alphabet[Math.floor(random() * alphabet.length)] ?? '';
      expect(['Always', 'IfNotPresent']).to.include(defaultPullPolicy(image));
    }
  });
});
