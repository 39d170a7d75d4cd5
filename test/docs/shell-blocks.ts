/**
 * Reads the shell examples of the documentation: `sh` fences (also indented under a list item), the
 * commands in them with their `\` continuations joined and heredoc bodies set aside, shell words,
 * and transcripts (`$ command` followed by the output it prints). Pure and linear in the text.
 */

export interface ShellBlock {
  /** Repository-relative file and the 1-based line of the opening fence, for messages. */
  where: string;
  lines: string[];
}

/** Every ```sh block of a Markdown text, its lines unindented by the fence's own indentation. */
export function shellBlocks(markdown: string, file: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let open: { indent: number; block: ShellBlock } | undefined;
  markdown.split('\n').forEach((line, index) => {
    const fence = /^( *)```(\S*)\s*$/.exec(line);
    if (open !== undefined) {
      if (fence !== null && fence[2] === '') {
        blocks.push(open.block);
        open = undefined;
      } else {
        open.block.lines.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
      }
    } else if (fence !== null && fence[2] === 'sh') {
      open = { indent: fence[1]?.length ?? 0, block: { where: `${file}:${index + 1}`, lines: [] } };
    }
  });
  return blocks;
}

export interface Commands {
  /** Each command line, continuations joined, comments dropped. */
  commands: string[];
  /** The bodies of `<<'WORD'` heredocs. */
  heredocs: string[];
}

/** Splits off a trailing `# comment` that is outside quotes. */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && (i === 0 || line[i - 1] === ' ')) return line.slice(0, i).trimEnd();
  }
  return line;
}

/** The commands of a block that shows no output (no `$ ` prompt). */
export function commandsOf(block: ShellBlock): Commands {
  const commands: string[] = [];
  const heredocs: string[] = [];
  let pending = '';
  let heredoc: { word: string; body: string[] } | undefined;
  for (const raw of block.lines) {
    if (heredoc !== undefined) {
      if (raw.trim() === heredoc.word) {
        heredocs.push(heredoc.body.join('\n'));
        heredoc = undefined;
      } else heredoc.body.push(raw);
      continue;
    }
    const line = withoutComment(raw);
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const command = `${pending}${line}`.trim();
    pending = '';
    if (command !== '') commands.push(command);
    const start = /<<-?'?(\w+)'?/.exec(command);
    if (start?.[1] !== undefined) heredoc = { word: start[1], body: [] };
  }
  return { commands, heredocs };
}

/** A block that starts with `$ `: the command (continuations joined) and the lines it must print. */
export interface Transcript {
  command: string;
  expected: string[];
}

export function transcriptOf(block: ShellBlock): Transcript | undefined {
  const [first] = block.lines;
  if (first === undefined || !first.startsWith('$ ')) return undefined;
  let command = '';
  let index = 0;
  for (; index < block.lines.length; index += 1) {
    const line = (block.lines[index] ?? '').replace(/^\$ /, '');
    command += line.endsWith('\\') ? `${line.slice(0, -1)} ` : line;
    if (!line.endsWith('\\')) break;
  }
  return { command: command.replace(/\s+/g, ' ').trim(), expected: block.lines.slice(index + 1) };
}

/**
 * The first expected line missing from `output` in order, `...` matching any run of lines; undefined
 * when every line is there. Lines are compared without trailing spaces.
 */
export function missingLine(output: string, expected: readonly string[]): string | undefined {
  const lines = output.split('\n').map((line) => line.trimEnd());
  let at = 0;
  for (const want of expected.map((line) => line.trimEnd())) {
    if (want === '...' || want === '') continue;
    while (at < lines.length && lines[at] !== want) at += 1;
    if (at === lines.length) return want;
    at += 1;
  }
  return undefined;
}

/** Shell words of one command: whitespace-separated, quotes removed (no expansion). */
export function words(command: string): string[] {
  const out: string[] = [];
  let word = '';
  let quote = '';
  let started = false;
  for (const ch of command) {
    if (quote !== '') {
      if (ch === quote) quote = '';
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (ch === ' ' || ch === '\t') {
      if (started || word !== '') out.push(word);
      word = '';
      started = false;
    } else word += ch;
  }
  if (started || word !== '') out.push(word);
  return out;
}

/**
 * A command line split at `&&`, `||`, `;` and `|` outside quotes and outside the `[…]` of a usage
 * synopsis (`[--imagestreams FILE|DIR | --kubeconfig FILE]` is one command), each part as words.
 */
export function simpleCommands(command: string): string[][] {
  const parts: string[] = [];
  let quote = '';
  let optional = 0;
  let current = '';
  for (let i = 0; i < command.length; i += 1) {
    const ch = command[i] ?? '';
    if (quote !== '') {
      if (ch === quote) quote = '';
      current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === '[' || ch === ']') {
      optional = Math.max(0, optional + (ch === '[' ? 1 : -1));
      current += ch;
    } else if (optional === 0 && (ch === ';' || ch === '|' || (ch === '&' && command[i + 1] === '&'))) {
      parts.push(current);
      current = '';
      if (command[i + 1] === ch) i += 1;
    } else current += ch;
  }
  parts.push(current);
  return parts.map(words).filter((part) => part.length > 0);
}
