import { createReadStream } from 'node:fs';

/** A top-level JSON object read in chunks: its members, with an `items` array handed out element by element. */
export interface StreamedObject {
  /** Every top-level member except a streamed `items` array, parsed. */
  members: Record<string, unknown>;
  /** `items` was an array and went to `onItem` one element at a time. */
  itemsStreamed: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** Where the scanner is in `{ "key": value, "items": [ element, … ], … }`. */
type Phase = 'start' | 'key' | 'colon' | 'value' | 'afterValue' | 'element' | 'afterElement' | 'end';

/**
 * Splits a JSON object into its top-level values without holding the whole text: each value (and
 * each element of a top-level `items` array) is collected as bytes and given to JSON.parse alone,
 * so a 29 MB `List` of 10,000 ImageStreams is never one string nor one object graph (which cost a
 * 32 MB spike and a high GC limit). The scanner only finds value boundaries (strings, escapes,
 * nesting); JSON.parse still checks every value. Linear in the input, no regular expressions.
 */
export class JsonObjectScanner {
  private phase: Phase = 'start';
  /** Earlier chunks' parts of the value being collected, and where it starts in the current chunk. */
  private pieces: Buffer[] = [];
  private startAt = 0;
  private capturing = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private key = '';
  private members = 0;
  private index = 0;
  readonly result: StreamedObject = { members: {}, itemsStreamed: false };

  constructor(private readonly onItem: (item: unknown, index: number) => void) {}

  /** The whole object has been scanned (nothing but whitespace may follow). */
  get complete(): boolean {
    return this.phase === 'end';
  }

  /** Scans one chunk; throws SyntaxError on anything that is not one JSON object. */
  push(chunk: Buffer): void {
    this.startAt = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.capturing) {
        i = this.capture(chunk, i);
        continue;
      }
      const byte = chunk[i] ?? 0;
      if (!isSpace(byte)) this.structural(byte, i);
      i += 1;
    }
    if (this.capturing) this.pieces.push(chunk.subarray(this.startAt));
  }

  private structural(byte: number, at: number): void {
    const expect = (ok: boolean): void => {
      if (!ok) throw new SyntaxError(`unexpected '${String.fromCharCode(byte)}' at top level`);
    };
    switch (this.phase) {
      case 'start': expect(byte === 0x7b); this.phase = 'key'; return;
      case 'key':
        if (byte === 0x7d && this.members === 0) { this.phase = 'end'; return; }
        expect(byte === QUOTE); this.begin(byte, at); return;
      case 'colon': expect(byte === 0x3a); this.phase = 'value'; return;
      case 'value':
        this.members += 1;
        if (this.key === 'items' && byte === 0x5b) { this.result.itemsStreamed = true; this.phase = 'element'; return; }
        this.begin(byte, at); return;
      case 'afterValue': expect(byte === 0x2c || byte === 0x7d); this.phase = byte === 0x2c ? 'key' : 'end'; return;
      case 'element':
        if (byte === 0x5d && this.index === 0) { this.phase = 'afterValue'; return; }
        this.begin(byte, at); return;
      case 'afterElement': expect(byte === 0x2c || byte === 0x5d); this.phase = byte === 0x2c ? 'element' : 'afterValue'; return;
      case 'end': expect(false);
    }
  }

  /** Starts collecting a value whose first byte, `byte`, is at `at` in the current chunk. */
  private begin(byte: number, at: number): void {
    this.capturing = true;
    this.pieces = [];
    this.startAt = at;
    this.depth = byte === 0x7b || byte === 0x5b ? 1 : 0;
    this.inString = byte === QUOTE;
    this.escaped = false;
  }

  /** Advances through the value being collected from `from`; returns where scanning continues. */
  private capture(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i += 1) {
      const byte = chunk[i] ?? 0;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.inString = false;
          if (this.depth === 0) return this.finish(chunk, i + 1);
        }
      } else if (byte === QUOTE) this.inString = true;
      else if (byte === 0x7b || byte === 0x5b) this.depth += 1;
      else if (byte === 0x7d || byte === 0x5d) {
        if (this.depth === 0) return this.finish(chunk, i);
        this.depth -= 1;
        if (this.depth === 0) return this.finish(chunk, i + 1);
      } else if (this.depth === 0 && (byte === 0x2c || isSpace(byte))) return this.finish(chunk, i);
    }
    return chunk.length;
  }

  /** Ends the value at `end` (exclusive) in `chunk`, parses it and moves to the next phase. */
  private finish(chunk: Buffer, end: number): number {
    const last = chunk.subarray(this.startAt, end);
    const text = (this.pieces.length === 0 ? last : Buffer.concat([...this.pieces, last])).toString('utf8');
    this.pieces = [];
    this.capturing = false;
    const value: unknown = JSON.parse(text);
    if (this.phase === 'key') {
      this.key = String(value);
      this.phase = 'colon';
    } else if (this.phase === 'value') {
      // defineProperty, as JSON.parse does: a member named __proto__ stays data, not a prototype.
      Object.defineProperty(this.result.members, this.key, { value, enumerable: true, writable: true, configurable: true });
      this.phase = 'afterValue';
    } else {
      this.onItem(value, this.index);
      this.index += 1;
      this.phase = 'afterElement';
    }
    return end;
  }
}

/**
 * Reads `file` as one JSON object in 64 KiB chunks (see JsonObjectScanner). Resolves undefined when the
 * file is not a single well-formed JSON object (YAML, a JSON array, a syntax error): the caller then
 * parses it whole, which reports errors with line and column. `onItem` may have been called
 * before such a failure is found, so a caller keeps what it got provisionally.
 */
export async function streamJsonObject(
  file: string,
  onItem: (item: unknown, index: number) => void,
): Promise<StreamedObject | undefined> {
  const scanner = new JsonObjectScanner(onItem);
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) scanner.push(chunk as Buffer);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
  return scanner.complete ? scanner.result : undefined;
}
