/**
 * Parsing of `WWW-Authenticate` challenges (RFC 7235) as registries send them:
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ruby:pull"`
 * or `Basic realm="registry"`. A single left-to-right scan (no regex), so a hostile header costs time
 * linear in its length, and unknown or malformed parts are skipped rather than failing the import.
 */

export interface Challenge {
  /** Lowercased auth scheme: `bearer`, `basic`, or whatever else the server named. */
  scheme: string;
  /** Parameters with lowercased names (`realm`, `service`, `scope`, `error`). */
  params: Map<string, string>;
}

const MAX_HEADER_LENGTH = 8192;

const isSpace = (c: string): boolean => c === ' ' || c === '\t';
const isTokenChar = (c: string): boolean => c !== '' && !isSpace(c) && c !== ',' && c !== '=' && c !== '"';

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string {
    return this.text.charAt(this.pos);
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  skipSpaces(): void {
    while (isSpace(this.peek())) this.pos += 1;
  }
  token(): string {
    const start = this.pos;
    while (isTokenChar(this.peek())) this.pos += 1;
    return this.text.slice(start, this.pos);
  }
  quoted(): string {
    this.pos += 1;
    let out = '';
    while (!this.done() && this.peek() !== '"') {
      if (this.peek() === '\\') this.pos += 1;
      out += this.peek();
      this.pos += 1;
    }
    this.pos += 1;
    return out;
  }
  /** Is the token starting here followed by `=` (a parameter) rather than being a new scheme? */
  atParameter(): boolean {
    let i = this.pos;
    while (isTokenChar(this.text.charAt(i))) i += 1;
    while (isSpace(this.text.charAt(i))) i += 1;
    return this.text.charAt(i) === '=' && this.text.charAt(i + 1) !== '=';
  }
}

function parseParams(s: Scanner, params: Map<string, string>): void {
  for (;;) {
    s.skipSpaces();
    while (s.peek() === ',') {
      s.pos += 1;
      s.skipSpaces();
    }
    if (s.done() || !s.atParameter()) return;
    const name = s.token().toLowerCase();
    s.skipSpaces();
    s.pos += 1;
    s.skipSpaces();
    const value = s.peek() === '"' ? s.quoted() : s.token();
    if (name !== '' && !params.has(name)) params.set(name, value);
  }
}

/** All challenges in a `WWW-Authenticate` header value; `[]` for an absent, empty or oversized header. */
export function parseChallenges(header: string | undefined): Challenge[] {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return [];
  const s = new Scanner(header);
  const out: Challenge[] = [];
  while (!s.done()) {
    const before = s.pos;
    s.skipSpaces();
    while (s.peek() === ',' || s.peek() === '=' || s.peek() === '"') s.pos += 1;
    const scheme = s.token().toLowerCase();
    if (scheme !== '') {
      const params = new Map<string, string>();
      parseParams(s, params);
      out.push({ scheme, params });
    }
    if (s.pos === before) s.pos += 1;
  }
  return out;
}

/** The challenge the client can answer: Bearer (with a realm) before Basic; `undefined` when neither is offered. */
export function usableChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' && c.params.has('realm')) ?? challenges.find((c) => c.scheme === 'basic');
}
