/** Token request scopes → the access asked for: only `repository:<ns>/<name>:pull,push` of a stream counts. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseScopes, MAX_SCOPES, type RequestedAccess } from '../../src/integrated-registry/scope.js';
import { parseStreamRepository } from '../../src/integrated-registry/repository.js';

const cases: { name: string; scopes: string[]; want: RequestedAccess[] }[] = [
  { name: 'a push scope asks pull and push on the stream', scopes: ['repository:myproject/app:pull,push'], want: [{ namespace: 'myproject', name: 'app', actions: ['pull', 'push'] }] },
  { name: 'a pull scope asks pull only', scopes: ['repository:myproject/app:pull'], want: [{ namespace: 'myproject', name: 'app', actions: ['pull'] }] },
  { name: 'actions come out in the order pull, push whatever the order asked', scopes: ['repository:a/b:push,pull'], want: [{ namespace: 'a', name: 'b', actions: ['pull', 'push'] }] },
  {
    name: 'repeated scope parameters for one repository are merged',
    scopes: ['repository:a/b:pull', 'repository:a/b:push'],
    want: [{ namespace: 'a', name: 'b', actions: ['pull', 'push'] }],
  },
  {
    name: 'space-separated scopes in one parameter are read one by one',
    scopes: ['repository:a/b:pull repository:c/d:push'],
    want: [{ namespace: 'a', name: 'b', actions: ['pull'] }, { namespace: 'c', name: 'd', actions: ['push'] }],
  },
  { name: 'a stream name with dots and dashes is a stream', scopes: ['repository:ns-1/my.app-x:pull'], want: [{ namespace: 'ns-1', name: 'my.app-x', actions: ['pull'] }] },
  { name: 'a repository of one component names no stream', scopes: ['repository:app:pull,push'], want: [] },
  { name: 'a repository of three components names no stream', scopes: ['repository:a/b/c:pull,push'], want: [] },
  { name: 'an upper-case namespace is not a namespace', scopes: ['repository:MyProject/app:pull'], want: [] },
  { name: 'a namespace with a dot is not a DNS label', scopes: ['repository:my.project/app:pull'], want: [] },
  { name: 'a name with an underscore is not an ImageStream name', scopes: ['repository:a/my_app:pull'], want: [] },
  { name: 'a namespace longer than 63 characters is refused', scopes: [`repository:${'a'.repeat(64)}/app:pull`], want: [] },
  { name: 'unknown actions are dropped and a scope left with none is dropped', scopes: ['repository:a/b:delete,*'], want: [] },
  { name: 'a catalog scope is granted nothing', scopes: ['registry:catalog:*'], want: [] },
  { name: 'a scope with a registry port in the name is malformed', scopes: ['repository:host:5000/a/b:pull'], want: [] },
  { name: 'no scope asks nothing (a login)', scopes: [], want: [] },
  { name: 'empty parameters and extra spaces are skipped', scopes: ['', '  repository:a/b:pull  '], want: [{ namespace: 'a', name: 'b', actions: ['pull'] }] },
];

describe('integrated registry: token scopes', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(parseScopes(c.scopes)).to.deep.equal(c.want);
    });
  }

  it(`more than ${MAX_SCOPES} scopes are refused as a whole`, () => {
    const scopes = Array.from({ length: MAX_SCOPES + 1 }, (_, i) => `repository:a/b${i}:pull`);
    expect(parseScopes(scopes)).to.have.property('problem').that.matches(/more than 16 scopes/);
  });

  it('an over-long scope is refused without being parsed', () => {
    expect(parseScopes([`repository:a/${'b'.repeat(400)}:pull`])).to.have.property('problem').that.matches(/longer than 300/);
  });

  it('a megabyte scope parameter is refused before it is split', () => {
    expect(parseScopes(['x'.repeat(1 << 20)])).to.have.property('problem');
  });
});

describe('integrated registry: stream repositories', () => {
  const table: [string, ReturnType<typeof parseStreamRepository>][] = [
    ['ns/name', { namespace: 'ns', name: 'name' }],
    ['a--b/c..d', undefined],
    ['a-/b', undefined],
    ['-a/b', undefined],
    ['a/b.', undefined],
    ['/b', undefined],
    ['a/', undefined],
    [`a/${'b'.repeat(254)}`, undefined],
    ['a/constructor', { namespace: 'a', name: 'constructor' }],
  ];
  for (const [repository, want] of table) {
    it(`${JSON.stringify(repository.slice(0, 40))} ${want === undefined ? 'names no stream' : 'names a stream'}`, () => {
      expect(parseStreamRepository(repository)).to.deep.equal(want);
    });
  }

  it('an over-long repository is refused by its length, and a near-miss within it by one linear pass', () => {
    expect(parseStreamRepository(`a/${'a-'.repeat(50_000)}!`)).to.equal(undefined);
    expect(parseStreamRepository(`${'a-'.repeat(30)}a/${'a.'.repeat(100)}!`)).to.equal(undefined);
  });
});
