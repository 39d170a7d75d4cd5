import { expect } from 'chai';
import { readNamedObjects } from '../../src/plugin/resource-args.js';
import { expectCommandError } from './support.js';

const named = (args: string[], bareIsStream: boolean): string[] =>
  readNamedObjects(args, bareIsStream).map((object) => `${object.known.type.group}/${object.known.type.plural}/${object.name}`);

describe('KIND/NAME arguments', () => {
  const cases: { args: string[]; bareIsStream: boolean; want: string[] }[] = [
    { args: ['deploy/web', 'deployment/a', 'deployments.apps/b', 'Deployment/c'], bareIsStream: false, want: ['apps/deployments/web', 'apps/deployments/a', 'apps/deployments/b', 'apps/deployments/c'] },
    { args: ['sts/db', 'ds/log', 'rs/r', 'cj/nightly', 'job/once', 'po/p', 'rc/old'], bareIsStream: false, want: ['apps/statefulsets/db', 'apps/daemonsets/log', 'apps/replicasets/r', 'batch/cronjobs/nightly', 'batch/jobs/once', '/pods/p', '/replicationcontrollers/old'] },
    { args: ['deployment', 'web', 'api'], bareIsStream: false, want: ['apps/deployments/web', 'apps/deployments/api'] },
    { args: ['mysql', 'is/ruby', 'imagestream.image.openshift.io/php'], bareIsStream: true, want: ['image.openshift.io/imagestreams/mysql', 'image.openshift.io/imagestreams/ruby', 'image.openshift.io/imagestreams/php'] },
  ];
  for (const { args, bareIsStream, want } of cases) {
    it(`reads ${args.join(' ')}${bareIsStream ? ' (bare names are streams)' : ''}`, () => {
      expect(named(args, bareIsStream)).to.deep.equal(want);
    });
  }

  it("refuses an unknown kind in kubectl's words", () => {
    expectCommandError(() => readNamedObjects(['widget/x'], false), 'the server doesn\'t have a resource type "widget"');
  });

  it('refuses a kind without a name', () => {
    expectCommandError(() => readNamedObjects(['deployment'], false), 'resource(s) were provided, but no name was specified');
  });
});
