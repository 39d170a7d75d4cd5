import { expect } from 'chai';
import { elapsedSince, humanAge, shortAge } from '../../src/plugin/durations.js';
import { alignColumns, KUBECTL_TABLE, OC_DESCRIBE, type TabWriterOptions } from '../../src/plugin/tab-writer.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('alignColumns: Go text/tabwriter', () => {
  const spaces1: TabWriterOptions = { minWidth: 0, tabWidth: 8, padding: 1, padChar: ' ' };
  const cases: { name: string; text: string; options: TabWriterOptions; want: string }[] = [
    {
      name: 'tab padding rounds each column up to whole tabs (the example of Go\'s documentation)',
      text: 'a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n',
      options: { minWidth: 0, tabWidth: 8, padding: 0, padChar: '\t' },
      want: 'a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n',
    },
    {
      name: 'a line with fewer cells ends the column blocks, so the rows below get their own widths',
      text: 'a\tb\nlonger\tc\nheading\nx\ty\n',
      options: spaces1,
      want: 'a      b\nlonger c\nheading\nx y\n',
    },
    {
      name: 'the last cell of a line is never padded, and empty cells are',
      text: 'NAME\tREPO\tTAGS\nx\t\tv1\n',
      options: KUBECTL_TABLE,
      want: 'NAME   REPO   TAGS\nx             v1\n',
    },
    {
      name: 'a nested column block only spans the lines that have that column',
      text: 'k:\tv\n\tw\tz\n',
      options: OC_DESCRIBE,
      want: 'k:\tv\n\tw\tz\n',
    },
    {
      name: 'widths count characters, not UTF-16 units',
      text: 'é\tx\nab\ty\n',
      options: spaces1,
      want: 'é  x\nab y\n',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(alignColumns(c.text, c.options)).to.equal(c.want);
    });
  }
});

describe('shortAge: kubectl\'s age column', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'], [-1.5 * S, '0s'], [0, '0s'], [119 * S, '119s'], [2 * M, '2m'], [2 * M + S, '2m1s'], [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'], [179 * M, '179m'], [3 * H, '3h'], [3 * H + 20 * M, '3h20m'], [7 * H + 59 * M, '7h59m'], [8 * H, '8h'], [47 * H, '47h'],
    [48 * H, '2d'], [50 * H, '2d2h'], [191 * H, '7d23h'], [192 * H, '8d'], [729 * D, '729d'], [730 * D, '2y'], [731 * D, '2y1d'], [8 * 365 * D, '8y'],
  ];
  for (const [elapsed, want] of cases) {
    it(`${elapsed} ms is ${want}`, () => {
      expect(shortAge(elapsed)).to.equal(want);
    });
  }
});

describe('humanAge: oc describe\'s ages', () => {
  const cases: [number, string][] = [
    [500, 'Less than a second'], [S, '1 second'], [59 * S, '59 seconds'], [60 * S, 'About a minute'], [119 * S, 'About a minute'], [2 * M, '2 minutes'],
    [59 * M, '59 minutes'], [60 * M, 'About an hour'], [89 * M, 'About an hour'], [90 * M, '2 hours'], [47 * H, '47 hours'], [47.5 * H, '2 days'],
    [13 * D, '13 days'], [14 * D, '2 weeks'], [59 * D, '8 weeks'], [60 * D, '2 months'], [729 * D, '24 months'], [730 * D, '2 years'],
  ];
  for (const [elapsed, want] of cases) {
    it(`${elapsed} ms is ${want}`, () => {
      expect(humanAge(elapsed)).to.equal(want);
    });
  }
});

describe('elapsedSince', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  it('measures an RFC 3339 time against the given clock', () => expect(elapsedSince('2024-05-01T11:59:00Z', now)).to.equal(60_000));
  it('has no answer for a missing or unreadable time', () => {
    expect(elapsedSince(undefined, now)).to.equal(undefined);
    expect(elapsedSince('yesterday', now)).to.equal(undefined);
  });
});
