import { expect } from 'chai';
import { FlagError, goQuote, parseFlags, type FlagSpec } from '../../src/cli/flags.js';

const SPECS: FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', kind: 'string' },
  { name: 'context', kind: 'string' },
  { name: 'alias', kind: 'bool' },
  { name: 'delete', shorthand: 'd', kind: 'bool' },
  { name: 'help', shorthand: 'h', kind: 'bool' },
  { name: 'dry-run', kind: 'string', noOptDefault: 'unchanged' },
];

describe('parseFlags: kubectl flag syntax', () => {
  const cases: { name: string; argv: string[]; values: Record<string, string>; args: string[] }[] = [
    { name: 'a long flag takes the next argument', argv: ['--namespace', 'dev', 'app'], values: { namespace: 'dev' }, args: ['app'] },
    { name: 'a long flag takes a value after =', argv: ['--namespace=dev'], values: { namespace: 'dev' }, args: [] },
    { name: 'an empty value after = is a value', argv: ['--context='], values: { context: '' }, args: [] },
    { name: 'a shorthand takes the next argument', argv: ['-n', 'dev'], values: { namespace: 'dev' }, args: [] },
    { name: 'a shorthand takes the rest of its argument', argv: ['-ndev'], values: { namespace: 'dev' }, args: [] },
    { name: 'a shorthand takes a value after =', argv: ['-n=dev'], values: { namespace: 'dev' }, args: [] },
    { name: 'a bare boolean is true', argv: ['--alias'], values: { alias: 'true' }, args: [] },
    { name: 'a boolean takes false after =', argv: ['--alias=false'], values: { alias: 'false' }, args: [] },
    { name: 'a boolean accepts Go\'s spellings of true and false', argv: ['--alias=T', '-d=0'], values: { alias: 'true', delete: 'false' }, args: [] },
    { name: 'a boolean does not take the next argument', argv: ['--alias', 'false'], values: { alias: 'true' }, args: ['false'] },
    { name: 'boolean shorthands group, and a string shorthand ends the group with its value', argv: ['-dhndev'], values: { delete: 'true', help: 'true', namespace: 'dev' }, args: [] },
    { name: 'a bare flag with a default does not take the next argument', argv: ['--dry-run', 'client'], values: { 'dry-run': 'unchanged' }, args: ['client'] },
    { name: 'flags and arguments mix in any order', argv: ['a', '-n', 'dev', 'b', '--alias', 'c'], values: { namespace: 'dev', alias: 'true' }, args: ['a', 'b', 'c'] },
    { name: '-- ends the flags', argv: ['-n', 'dev', '--', '--alias', '-d'], values: { namespace: 'dev' }, args: ['--alias', '-d'] },
    { name: 'a lone dash is an argument', argv: ['-'], values: {}, args: ['-'] },
    { name: 'the last occurrence wins', argv: ['-n', 'a', '--namespace=b'], values: { namespace: 'b' }, args: [] },
    { name: 'a value may start with a dash', argv: ['-n', '-x'], values: { namespace: '-x' }, args: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseFlags(c.argv, SPECS);
      expect(Object.fromEntries(parsed.values)).to.deep.equal(c.values);
      expect(parsed.args).to.deep.equal(c.args);
    });
  }
});

describe('parseFlags: mistakes get pflag\'s words', () => {
  const cases: { name: string; argv: string[]; message: string }[] = [
    { name: 'an unknown long flag', argv: ['--x'], message: 'unknown flag: --x' },
    { name: 'an unknown long flag with a value', argv: ['--bogus=1'], message: 'unknown flag: --bogus' },
    { name: 'an unknown shorthand, named with the rest of its group', argv: ['-dxq'], message: "unknown shorthand flag: 'x' in -xq" },
    { name: 'a long flag without its value', argv: ['--namespace'], message: 'flag needs an argument: --namespace' },
    { name: 'a shorthand without its value', argv: ['-n'], message: "flag needs an argument: 'n' in -n" },
    { name: 'three dashes', argv: ['---x'], message: 'bad flag syntax: ---x' },
    { name: 'a flag with no name', argv: ['--=x'], message: 'bad flag syntax: --=x' },
    {
      name: 'a boolean that is not one',
      argv: ['--alias=yes'],
      message: 'invalid argument "yes" for "--alias" flag: strconv.ParseBool: parsing "yes": invalid syntax',
    },
    {
      name: 'a boolean with a shorthand names both',
      argv: ['-d=maybe'],
      message: 'invalid argument "maybe" for "-d, --delete" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    },
    { name: 'a name from Object.prototype is unknown', argv: ['--constructor'], message: 'unknown flag: --constructor' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(() => parseFlags(c.argv, SPECS)).to.throw(FlagError, c.message).with.property('message', c.message);
    });
  }
});

describe('goQuote', () => {
  it('quotes as Go\'s %q does: quotes and backslashes escaped, control characters as \\x or named escapes', () => {
    expect(goQuote('a"b\\c\nd\u0001é')).to.equal('"a\\"b\\\\c\\nd\\x01é"');
  });
});
