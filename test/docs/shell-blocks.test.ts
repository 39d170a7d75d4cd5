/**
 * The documentation's shell examples keep working: the README and every page of docs/ are read, the
 * offline transcripts are run, and every other command is checked against what it names (commands,
 * flags, npm scripts, files, chart values, ImageStreams). Commands that need a cluster are run by
 * the end-to-end suite.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { validate, type Schema } from '../helm/crd-schema.js';
import { CHART_DIR, HELM_BUILD_TIMEOUT_MS, REPO_ROOT, findHelm, findOne, render } from '../helm/helm.js';
import { commandsOf, missingLine, shellBlocks, simpleCommands, transcriptOf, words, type ShellBlock } from './shell-blocks.js';

const run = promisify(execFile);
const MAIN = join(REPO_ROOT, 'dist', 'src', 'main.js');
const PLUGIN = join(REPO_ROOT, 'dist', 'src', 'kubectl-imagestream.js');
const PAGES = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const BLOCKS: ShellBlock[] = PAGES.flatMap((page) => shellBlocks(readFileSync(join(REPO_ROOT, page), 'utf8'), page));
const SCRIPTS = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const REPO_PATH = /^@?((?:hack|examples|helm|manifests|certs|docs|e2e|test|src|bench)\/[^\s\]]*)$/;
/** Files that `npm start` makes (certs/generate.sh) rather than the repository holding them. */
const GENERATED = /^certs\/[\w-]+\.(crt|key)$/;

/** Every command of every block that shows no output, as words, with where it is written. */
function commands(): { where: string; argv: string[] }[] {
  return BLOCKS.filter((block) => transcriptOf(block) === undefined)
    .flatMap((block) => commandsOf(block).commands.flatMap((line) => simpleCommands(line).map((argv) => ({ where: block.where, argv }))));
}

/** `node dist/src/main.js X …` or `imagestream-webhook X …`: the subcommand and its words. */
function cliCall(argv: string[]): { command: string; args: string[] } | undefined {
  if (argv[0] === 'node' && argv[1] === 'dist/src/main.js' && argv[2] !== undefined) return { command: argv[2], args: argv.slice(3) };
  if (argv[0] === 'imagestream-webhook' && argv[1] !== undefined) return { command: argv[1], args: argv.slice(2) };
  return undefined;
}

const helpTexts = new Map<string, Promise<string>>();
function helpOf(command: string): Promise<string> {
  let help = helpTexts.get(command);
  if (help === undefined) {
    help = run(process.execPath, [MAIN, command, '--help']).then((out) => out.stdout);
    helpTexts.set(command, help);
  }
  return help;
}

describe('the documentation\'s shell examples', function () {
  this.timeout(60_000);

  it('are found in the README and in docs/', () => {
    expect(BLOCKS.filter((b) => b.where.startsWith('README.md')).length).to.be.above(4);
    expect(BLOCKS.filter((b) => b.where.startsWith('docs/')).length).to.be.above(4);
  });

  for (const block of BLOCKS) {
    const transcript = transcriptOf(block);
    if (transcript === undefined) continue;
    it(`prints what ${block.where} shows for \`${transcript.command.slice(0, 60)}\``, async () => {
      const argv = words(transcript.command);
      expect(argv.slice(0, 2), 'only offline commands are shown with their output').to.deep.equal(['node', 'dist/src/main.js']);
      const { stdout, stderr } = await run(process.execPath, [MAIN, ...argv.slice(2)], { cwd: REPO_ROOT });
      expect(missingLine(`${stderr}\n${stdout}`, transcript.expected), `${block.where}: a line it shows is not printed`).to.equal(undefined);
    });
  }

  it('name commands that exist, with flags their --help lists', async () => {
    const wrong: string[] = [];
    for (const { where, argv } of commands()) {
      const call = cliCall(argv);
      if (call === undefined) continue;
      const help = await helpOf(call.command).catch(() => '');
      if (help === '') wrong.push(`${where}: no command "${call.command}"`);
      for (const flag of call.args.map((a) => a.replace(/^\[/, '').split('=')[0] ?? '').filter((a) => a.startsWith('--') && a !== '--help')) {
        if (!help.includes(flag)) wrong.push(`${where}: ${call.command} has no flag ${flag}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it('name kubectl imagestream commands that exist, with flags their --help lists', async () => {
    const wrong: string[] = [];
    const calls = commands().filter(({ argv }) => argv[0] === 'kubectl' && argv[1] === 'imagestream');
    expect(calls.length, 'the README shows the plugin').to.be.above(5);
    for (const { where, argv } of calls) {
      const words = argv.slice(2).filter((word) => !word.startsWith('-'));
      const command = words[0] === 'set' ? words.slice(0, 2) : words.slice(0, 1);
      const help = (await run(process.execPath, [PLUGIN, ...command, '--help']).catch(() => ({ stdout: '' }))).stdout;
      if (!help.startsWith('Usage:') && !help.includes(`kubectl imagestream ${command.join(' ')}`)) wrong.push(`${where}: no plugin command "${command.join(' ')}"`);
      for (const flag of argv.slice(2).map((a) => a.split('=')[0] ?? '').filter((a) => a.startsWith('--') && a !== '--help')) {
        if (!help.includes(flag)) wrong.push(`${where}: kubectl imagestream ${command.join(' ')} has no flag ${flag}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it('name npm scripts of package.json and files of the repository', () => {
    const wrong: string[] = [];
    for (const { where, argv } of commands()) {
      if (argv[0] === 'npm') {
        const script = argv[1] === 'run' ? argv[2] : argv[1];
        if (script !== 'ci' && (script === undefined || SCRIPTS[script] === undefined)) wrong.push(`${where}: no npm script ${String(script)}`);
      }
      for (const word of argv) {
        const path = REPO_PATH.exec(word)?.[1];
        const present = path === undefined || existsSync(join(REPO_ROOT, path)) || (GENERATED.test(path) && existsSync(join(REPO_ROOT, 'certs', 'generate.sh')));
        if (!present) wrong.push(`${where}: no file ${path}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  describe('against the chart', () => {
    let helm = '';
    let schema: Schema = {};
    before(async function () {
      this.timeout(HELM_BUILD_TIMEOUT_MS);
      helm = findHelm();
      const crd = findOne<{ spec: { versions: { schema: { openAPIV3Schema: Schema } }[] } }>(await render(helm), 'CustomResourceDefinition');
      schema = crd.spec.versions[0]?.schema.openAPIV3Schema ?? {};
    });

    it('install and upgrade it with values its schema accepts', async () => {
      const installs = commands().filter(({ argv }) => argv[0] === 'helm' && ['install', 'upgrade'].includes(argv[1] ?? '') && argv.includes('helm/imagestream-webhook'));
      expect(installs.length).to.be.above(1);
      for (const { where, argv } of installs) {
        const sets = argv.flatMap((word, i) => (['--set', '--set-string', '--set-json'].includes(word) ? [word, argv[i + 1] ?? ''] : []));
        const rendered = await run(helm, ['template', argv[2] ?? 'release', CHART_DIR, '--namespace', 'docs', '--kube-version', '1.33.0', ...sets]).then(() => 'ok', (err: Error) => err.message);
        expect(rendered, where).to.equal('ok');
      }
    });

    it('write ImageStreams the CRD accepts, as image.openshift.io/v1', () => {
      const streams = BLOCKS.flatMap((block) => commandsOf(block).heredocs.flatMap((text) => parseAllDocuments(text).map((d) => ({ where: block.where, object: d.toJS() as { apiVersion?: string; kind?: string } }))))
        .filter(({ object }) => object?.kind === 'ImageStream');
      expect(streams.length).to.be.above(0);
      for (const { where, object } of streams) {
        expect(object.apiVersion, where).to.equal('image.openshift.io/v1');
        expect(validate(object, schema), where).to.deep.equal([]);
      }
    });
  });
});
