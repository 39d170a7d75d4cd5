/**
 * Column alignment as Go's text/tabwriter does it, which is how kubectl aligns `get` tables and
 * oc aligns `describe` output: cells end with a tab, a column is a block of consecutive lines that
 * all have a cell in it, and each block is as wide as its widest cell plus the padding. A line with
 * fewer cells ends the blocks to its right, so a heading line between two groups of rows lets
 * each group have its own widths, exactly as in the tools' output.
 */

export interface TabWriterOptions {
  /** Smallest column width, padding included. */
  minWidth: number;
  /** Width of a tab character; with `padChar: '\t'` columns are padded with tabs to multiples of it. */
  tabWidth: number;
  /** Added to the widest cell of a block. */
  padding: number;
  padChar: ' ' | '\t';
}

/** kubectl's table writer (`get`): at least 6 wide, 3 spaces between columns. */
export const KUBECTL_TABLE: TabWriterOptions = Object.freeze({ minWidth: 6, tabWidth: 4, padding: 3, padChar: ' ' });
/** oc's `describe` writer: tab-padded columns, 8 wide tabs, 1 of padding. */
export const OC_DESCRIBE: TabWriterOptions = Object.freeze({ minWidth: 0, tabWidth: 8, padding: 1, padChar: '\t' });
/** oc's `set` list tables (`set image-lookup --list`): 2 spaces between columns. */
export const OC_SET_LIST: TabWriterOptions = Object.freeze({ minWidth: 0, tabWidth: 2, padding: 2, padChar: ' ' });

/** Width as the terminal shows it: characters (code points), not UTF-16 units. */
function textWidth(text: string): number {
  let width = 0;
  for (const _char of text) width += 1;
  return width;
}

function padding(textW: number, cellW: number, options: TabWriterOptions): string {
  if (options.padChar === ' ') return ' '.repeat(cellW - textW);
  const rounded = Math.ceil(cellW / options.tabWidth) * options.tabWidth;
  return '\t'.repeat(Math.ceil((rounded - textW) / options.tabWidth));
}

class Formatter {
  readonly out: string[] = [];
  private readonly widths: number[] = [];

  constructor(
    private readonly lines: readonly string[][],
    private readonly options: TabWriterOptions,
  ) {}

  /** Lines `from`..`to` (exclusive), padded with the widths of the blocks they belong to. */
  private writeLines(from: number, to: number): void {
    for (let index = from; index < to; index += 1) {
      const cells = this.lines[index] ?? [];
      let text = '';
      cells.forEach((cell, column) => {
        text += cell;
        const width = this.widths[column];
        if (width !== undefined && column < cells.length - 1) text += padding(textWidth(cell), width, this.options);
      });
      this.out.push(text);
    }
  }

  /** Go's recursive column-block pass: widths of column `widths.length` for each block, then the columns right of it. */
  format(from: number, to: number): void {
    const column = this.widths.length;
    let start = from;
    for (let index = from; index < to; index += 1) {
      if (column >= (this.lines[index]?.length ?? 0) - 1) continue;
      this.writeLines(start, index);
      start = index;
      let width = this.options.minWidth;
      for (; index < to; index += 1) {
        const cells = this.lines[index] ?? [];
        if (column >= cells.length - 1) break;
        width = Math.max(width, textWidth(cells[column] ?? '') + this.options.padding);
      }
      this.widths.push(width);
      this.format(start, index);
      this.widths.pop();
      start = index;
    }
    this.writeLines(start, to);
  }
}

/** `text` (lines of tab-terminated cells) aligned into columns; line breaks are kept as they are. */
export function alignColumns(text: string, options: TabWriterOptions): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const formatter = new Formatter(lines, options);
  formatter.format(0, lines.length);
  return formatter.out.join('\n');
}
