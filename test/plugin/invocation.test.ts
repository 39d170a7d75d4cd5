/**
 * The command line as a table: what each line asks for, and kubectl's or oc's words for each
 * mistake, with the hint line kubectl prints after it.
 */
import { expect } from 'chai';
import { CommandError } from '../../src/plugin/command-error.js';
import { commandHelp, rootHelp, setHelp } from '../../src/plugin/help.js';
import { readInvocation, type Invocation } from '../../src/plugin/invocation.js';
import { readRequestTimeout } from '../../src/plugin/option-values.js';
import { Da } from './streams.js';
import { expectCommandError } from './support.js';

const TAG_FLAGS = { alias: false, reference: false, scheduled: false, insecure: false, delete: false, referencePolicy: 'source' };

describe('readInvocation: what a command line asks for', () => {
  const cases: { name: string; argv: string[]; want: Invocation }[] = [
    { name: 'no command prints the plugin\'s help', argv: [], want: { command: 'help', text: rootHelp() } },
    { name: '--help alone prints the plugin\'s help', argv: ['--help'], want: { command: 'help', text: rootHelp() } },
    { name: 'set alone prints the help of set', argv: ['set', '-n', 'dev'], want: { command: 'help', text: setHelp() } },
    { name: '-h on a command prints its help, whatever else is on the line', argv: ['tag', 'a:1', '-h'], want: { command: 'help', text: commandHelp('tag') } },
    {
      name: 'connection flags count before the command as after it',
      argv: ['-n', 'dev', 'tag', 'a:1', 'b:1', '--context', 'kind', '--kubeconfig=/tmp/k'],
      want: { command: 'tag', connection: { namespace: 'dev', context: 'kind', kubeconfig: '/tmp/k' }, warnings: [], write: { dryRun: 'none' }, tag: { args: ['a:1', 'b:1'], ...TAG_FLAGS } },
    },
    {
      name: 'tag reads every flag, and a bare --dry-run means client with kubectl\'s warning',
      argv: ['tag', '--source=docker', 'ruby:3', 'ruby:3', '--scheduled', '--insecure', '--reference', '--reference-policy', 'local', '--import-mode=PreserveOriginal', '--dry-run', '-oyaml'],
      want: {
        command: 'tag', connection: {}, warnings: ['--dry-run is deprecated and can be replaced with --dry-run=client.'], write: { dryRun: 'client', output: 'yaml' },
        tag: { args: ['ruby:3', 'ruby:3'], ...TAG_FLAGS, scheduled: true, insecure: true, reference: true, referencePolicy: 'local', sourceKind: 'docker', importMode: 'PreserveOriginal' },
      },
    },
    {
      name: 'tag -d with grouped shorthands',
      argv: ['tag', '-dndev', 'app:old'],
      want: { command: 'tag', connection: { namespace: 'dev' }, warnings: [], write: { dryRun: 'none' }, tag: { args: ['app:old'], ...TAG_FLAGS, delete: true } },
    },
    {
      name: 'import-image reads NAME[:TAG] and keeps --insecure unset unless given',
      argv: ['import-image', 'app:v1', '--from=quay.io/acme/app:v1', '--confirm', '--request-timeout=2m'],
      want: {
        command: 'import-image', connection: {}, warnings: [],
        importImage: { target: 'app:v1', stream: 'app', tag: 'v1', from: 'quay.io/acme/app:v1', confirm: true, all: false, scheduled: false, requestTimeoutMs: 120_000 },
      },
    },
    {
      name: 'import-image defaults to latest, and reads --insecure=false and a reference policy in any case',
      argv: ['import-image', 'app', '--insecure=false', '--reference-policy=Local', '--import-mode', 'Legacy'],
      want: {
        command: 'import-image', connection: {}, warnings: [],
        importImage: { target: 'app', stream: 'app', tag: 'latest', confirm: false, all: false, scheduled: false, insecure: false, referencePolicy: 'Local', importMode: 'Legacy', requestTimeoutMs: 0 },
      },
    },
    {
      name: 'import-image --all has no tag',
      argv: ['import-image', 'app', '--all'],
      want: { command: 'import-image', connection: {}, warnings: [], importImage: { target: 'app', stream: 'app', confirm: false, all: true, scheduled: false, requestTimeoutMs: 0 } },
    },
    {
      name: 'set image-lookup is on unless --enabled=false',
      argv: ['set', 'image-lookup', 'ruby', 'deployment/web', '--enabled=false', '--dry-run=server', '-o', 'json'],
      want: { command: 'set image-lookup', connection: {}, warnings: [], write: { dryRun: 'server', output: 'json' }, imageLookup: { names: ['ruby', 'deployment/web'], enabled: false, list: false, all: false } },
    },
    {
      name: 'set triggers with a source is automatic; -c splits at commas',
      argv: ['--namespace', 'dev', 'set', 'triggers', 'deployment/web', '--from-image=shared/app:prod', '-c', 'web,sidecar'],
      want: {
        command: 'set triggers', connection: { namespace: 'dev' }, warnings: [], write: { dryRun: 'none' },
        triggers: { resources: ['deployment/web'], fromImage: { namespace: 'shared', stream: 'app', tag: 'prod' }, containers: ['web', 'sidecar'], auto: true, autoFlag: false, manual: false, remove: false, removeAll: false, printTable: false },
      },
    },
    {
      name: 'set triggers without action flags prints the table',
      argv: ['set', 'triggers', 'statefulset/db'],
      want: {
        command: 'set triggers', connection: {}, warnings: [], write: { dryRun: 'none' },
        triggers: { resources: ['statefulset/db'], containers: [], auto: false, autoFlag: false, manual: false, remove: false, removeAll: false, printTable: true },
      },
    },
    { name: 'describe takes stream names', argv: ['describe', 'app', 'web'], want: { command: 'describe', connection: {}, warnings: [], names: ['app', 'web'] } },
    { name: 'get takes -o', argv: ['get', 'app', '--output=yaml'], want: { command: 'get', connection: {}, warnings: [], names: ['app'], output: 'yaml' } },
    {
      name: 'everything after -- is an argument',
      argv: ['tag', '-n', 'dev', '--', '-x:1', 'app:x'],
      want: { command: 'tag', connection: { namespace: 'dev' }, warnings: [], write: { dryRun: 'none' }, tag: { args: ['-x:1', 'app:x'], ...TAG_FLAGS } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(readInvocation(c.argv)).to.deep.equal(c.want);
    });
  }
});

describe('readInvocation: mistakes', () => {
  const FLAG_HINT = (path: string) => `See 'kubectl imagestream${path} --help' for usage.`;
  const cases: { name: string; argv: string[]; message: string; hint?: string }[] = [
    { name: 'an unknown flag of a command', argv: ['tag', 'a:1', 'b:1', '--x'], message: 'unknown flag: --x', hint: FLAG_HINT(' tag') },
    { name: 'an unknown flag without a command', argv: ['--x'], message: 'unknown flag: --x', hint: FLAG_HINT('') },
    { name: 'a flag of another command', argv: ['get', '--alias'], message: 'unknown flag: --alias', hint: FLAG_HINT(' get') },
    { name: 'an unknown flag of set image-lookup', argv: ['set', 'image-lookup', '--local'], message: 'unknown flag: --local', hint: FLAG_HINT(' set image-lookup') },
    { name: 'a shorthand without its value', argv: ['get', '-n'], message: "flag needs an argument: 'n' in -n", hint: FLAG_HINT(' get') },
    { name: 'a boolean that is not one', argv: ['tag', '-d=maybe', 'a:1'], message: 'invalid argument "maybe" for "-d, --delete" flag: strconv.ParseBool: parsing "maybe": invalid syntax' },
    { name: 'a mistyped command, with cobra\'s suggestion', argv: ['tg', 'a:1'], message: 'unknown command "tg" for "kubectl imagestream"\n\nDid you mean this?\n\ttag\n' },
    { name: 'an unknown command', argv: ['rollout'], message: 'unknown command "rollout" for "kubectl imagestream"' },
    { name: 'a mistyped set command', argv: ['set', 'trigger', 'x'], message: 'unknown command "trigger" for "kubectl imagestream set"\n\nDid you mean this?\n\ttriggers\n' },
    { name: 'an output format other than json or yaml', argv: ['get', '-o', 'wide'], message: 'unable to match a printer suitable for the output format "wide", allowed formats are: json,yaml' },
    { name: 'a dry-run mode kubectl does not have', argv: ['tag', '--dry-run=maybe', 'a:1', 'b:1'], message: 'Invalid dry-run value (maybe). Must be "none", "server", or "client".' },
    { name: 'import-image without a name', argv: ['import-image'], message: 'you must specify the name of an image stream' },
    { name: 'import-image with two names', argv: ['import-image', 'a', 'b'], message: 'exactly one NAME is required, got 2' },
    { name: 'import-image of a digest', argv: ['import-image', `app@${Da}`], message: "to import images by ID, use the 'tag' command" },
    { name: 'import-image of a tag with --all', argv: ['import-image', 'app:v1', '--all'], message: 'cannot specify a tag "app:v1" as well as --all' },
    { name: 'import-image of something that is not a name', argv: ['import-image', 'App'], message: 'the image name must be a valid container image pull spec or reference to an image stream (e.g. myregistry/myteam/image:tag)' },
    { name: 'import-image with a bad reference policy', argv: ['import-image', 'app', '--reference-policy=remote'], message: 'valid reference policy values are source or local' },
    { name: 'import-image with a bad timeout', argv: ['import-image', 'app', '--request-timeout=soon'], message: 'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)' },
    { name: 'set triggers without a workload', argv: ['set', 'triggers'], message: 'You must provide one or more resources by argument or filename.' },
    { name: 'set triggers from a registry image', argv: ['set', 'triggers', 'deployment/web', '--from-image=quay.io/acme/app:1'], message: 'the value of --from-image must point to an image stream tag on this server' },
    { name: 'set triggers from a stream without tag', argv: ['set', 'triggers', 'deployment/web', '--from-image=app'], message: 'the value of --from-image must include the tag you wish to pull from' },
    { name: 'set triggers from something that is not a name', argv: ['set', 'triggers', 'deployment/web', '--from-image=App:1'], message: 'the value of --from-image does not appear to be a valid reference to an image: repository name must be lowercase' },
    { name: 'set triggers --auto with --manual', argv: ['set', 'triggers', 'deployment/web', '--auto', '--manual'], message: 'you must specify at most one of --auto or --manual' },
    { name: 'set triggers --remove with --remove-all', argv: ['set', 'triggers', 'deployment/web', '--remove', '--remove-all'], message: 'you must specify either --remove or --remove-all' },
    { name: 'set triggers --remove-all with another flag', argv: ['set', 'triggers', 'deployment/web', '--remove-all', '--auto'], message: '--remove-all may not be used with any other flag' },
    { name: 'set triggers --remove without a trigger', argv: ['set', 'triggers', 'deployment/web', '--remove'], message: '--remove requires a flag defining a trigger type to be specified' },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, () => {
      expectCommandError(() => readInvocation(c.argv), c.message, c.hint);
    });
  }
});

describe('readRequestTimeout: client-go\'s reading', () => {
  const cases: [string, number][] = [['0', 0], ['30', 30_000], ['2m', 120_000], ['1h30m', 5_400_000], ['1.5s', 1_500], ['300ms', 300], ['.5h', 1_800_000]];
  for (const [value, want] of cases) {
    it(`reads ${value} as ${want} ms`, () => expect(readRequestTimeout(value)).to.equal(want));
  }
  for (const value of ['', '-1s', '5 s', '1d', 's', '1s2']) {
    it(`refuses ${JSON.stringify(value)}`, () => expect(() => readRequestTimeout(value)).to.throw(CommandError, 'Invalid timeout value'));
  }
});
