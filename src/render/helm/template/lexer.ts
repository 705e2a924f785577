import { RenderError } from '../../../model/errors.js';

/** The kinds of token Go's text/template lexer produces. */
export const TOKEN = {
  text: 'text',
  leftDelim: 'leftDelim',
  rightDelim: 'rightDelim',
  space: 'space',
  bool: 'bool',
  char: 'char',
  charConstant: 'charConstant',
  assign: 'assign',
  declare: 'declare',
  field: 'field',
  identifier: 'identifier',
  keyword: 'keyword',
  nil: 'nil',
  number: 'number',
  pipe: 'pipe',
  rawString: 'rawString',
  string: 'string',
  variable: 'variable',
  dot: 'dot',
  leftParen: 'leftParen',
  rightParen: 'rightParen',
  comment: 'comment',
  eof: 'eof',
} as const;

export type TokenType = (typeof TOKEN)[keyof typeof TOKEN];

export interface Token {
  type: TokenType;
  /** Offset of the token in the template text. */
  pos: number;
  /** 1-based line of the token's start. */
  line: number;
  value: string;
}

const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
]);

const SPACE = /[ \t\r\n]/u;
const ALNUM = /[\p{L}\p{Nd}_]/u;

/**
 * Splits a template into tokens, applying `{{-` / `-}}` whitespace trimming and dropping
 * comments, as Go's text/template lexer does. Errors are RenderErrors worded like Go's.
 */
export function lex(name: string, text: string): Token[] {
  return new Lexer(name, text).run();
}

class Lexer {
  private pos = 0;
  private line = 1;
  private readonly tokens: Token[] = [];
  private parenDepth = 0;
  /** Whether the text before the next left delimiter keeps its trailing space. */
  private trimNextText = false;

  constructor(
    private readonly name: string,
    private readonly text: string,
  ) {}

  run(): Token[] {
    while (this.pos < this.text.length || this.tokens.length === 0) {
      if (!this.lexText()) break;
      this.lexAction();
    }
    this.emit(TOKEN.eof, this.text.length, '');
    return this.tokens;
  }

  private emit(type: TokenType, start: number, value: string): void {
    this.tokens.push({ type, pos: start, line: this.line, value });
  }

  private countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === 10) this.line++;
  }

  /** Emits the text up to the next `{{`; returns false at end of input. */
  private lexText(): boolean {
    const start = this.pos;
    const next = this.text.indexOf('{{', start);
    const end = next < 0 ? this.text.length : next;
    let textEnd = end;
    let textStart = start;
    if (this.trimNextText) {
      while (textStart < end && SPACE.test(this.text[textStart]!)) textStart++;
      this.trimNextText = false;
    }
    if (next >= 0 && this.hasLeftTrim(next)) {
      while (textEnd > textStart && SPACE.test(this.text[textEnd - 1]!)) textEnd--;
    }
    if (textEnd > textStart) {
      this.countLines(start, textStart);
      this.emit(TOKEN.text, textStart, this.text.slice(textStart, textEnd));
      this.countLines(textStart, end);
    } else {
      this.countLines(start, end);
    }
    this.pos = end;
    return next >= 0;
  }

  private hasLeftTrim(delim: number): boolean {
    return this.text[delim + 2] === '-' && SPACE.test(this.text[delim + 3] ?? '');
  }

  private hasRightTrimAt(p: number): boolean {
    return (
      SPACE.test(this.text[p] ?? '') &&
      this.text[p + 1] === '-' &&
      this.text.startsWith('}}', p + 2)
    );
  }

  private lexAction(): void {
    const delimStart = this.pos;
    this.pos += 2;
    if (this.hasLeftTrim(delimStart)) this.pos += 2;
    // Comments: {{/* ... */}} with optional trim markers.
    if (this.text.startsWith('/*', this.pos)) {
      this.lexComment();
      return;
    }
    this.emit(TOKEN.leftDelim, delimStart, '{{');
    this.parenDepth = 0;
    for (;;) {
      if (this.hasRightTrimAt(this.pos)) {
        if (this.parenDepth > 0) this.fail('unclosed left paren');
        this.emit(TOKEN.rightDelim, this.pos + 2, '}}');
        this.countLines(this.pos, this.pos + 4);
        this.pos += 4;
        this.trimNextText = true;
        return;
      }
      if (this.text.startsWith('}}', this.pos)) {
        if (this.parenDepth > 0) this.fail('unclosed left paren');
        this.emit(TOKEN.rightDelim, this.pos, '}}');
        this.pos += 2;
        return;
      }
      if (this.pos >= this.text.length) this.fail('unclosed action');
      this.lexInsideAction();
    }
  }

  private lexComment(): void {
    const close = this.text.indexOf('*/', this.pos + 2);
    if (close < 0) this.fail('unclosed comment');
    let p = close + 2;
    let trim = false;
    if (this.hasRightTrimAt(p)) {
      trim = true;
      p += 4;
    } else if (this.text.startsWith('}}', p)) {
      p += 2;
    } else {
      this.fail('comment ends before closing delimiter');
    }
    this.countLines(this.pos, p);
    this.pos = p;
    this.trimNextText = trim;
  }

  private lexInsideAction(): void {
    const start = this.pos;
    const c = this.text[start]!;
    if (SPACE.test(c)) {
      let p = start;
      while (p < this.text.length && SPACE.test(this.text[p]!) && !this.hasRightTrimAt(p)) p++;
      this.emit(TOKEN.space, start, this.text.slice(start, p));
      this.countLines(start, p);
      this.pos = p;
      return;
    }
    if (c === '=') return this.single(TOKEN.assign, '=');
    if (c === ':') {
      if (this.text[start + 1] !== '=') this.fail('expected :=');
      this.emit(TOKEN.declare, start, ':=');
      this.pos += 2;
      return;
    }
    if (c === '|') return this.single(TOKEN.pipe, '|');
    if (c === '"') return this.lexQuote();
    if (c === '`') return this.lexRawQuote();
    if (c === '$') return this.lexVariable();
    if (c === "'") return this.lexChar();
    if (c === '.') {
      const n = this.text[start + 1] ?? '';
      if (n < '0' || n > '9') return this.lexField();
    }
    if (c === '+' || c === '-' || (c >= '0' && c <= '9') || c === '.') return this.lexNumber();
    if (ALNUM.test(c)) return this.lexIdentifier();
    if (c === '(') {
      this.parenDepth++;
      return this.single(TOKEN.leftParen, '(');
    }
    if (c === ')') {
      this.parenDepth--;
      if (this.parenDepth < 0) this.fail(`unexpected right paren`);
      return this.single(TOKEN.rightParen, ')');
    }
    if (c === ',') return this.single(TOKEN.char, ',');
    this.fail(`unrecognized character in action: ${goRuneU(c)}`);
  }

  private single(type: TokenType, value: string): void {
    this.emit(type, this.pos, value);
    this.pos++;
  }

  private lexQuote(): void {
    const start = this.pos;
    let p = start + 1;
    for (;;) {
      const ch = this.text[p];
      if (ch === undefined || ch === '\n') this.fail('unterminated quoted string');
      if (ch === '\\') {
        p += 2;
        continue;
      }
      if (ch === '"') break;
      p++;
    }
    this.emit(TOKEN.string, start, this.text.slice(start, p + 1));
    this.pos = p + 1;
  }

  private lexRawQuote(): void {
    const start = this.pos;
    const close = this.text.indexOf('`', start + 1);
    if (close < 0) this.fail('unterminated raw quoted string');
    this.emit(TOKEN.rawString, start, this.text.slice(start, close + 1));
    this.countLines(start, close);
    this.pos = close + 1;
  }

  private lexChar(): void {
    const start = this.pos;
    let p = start + 1;
    for (;;) {
      const ch = this.text[p];
      if (ch === undefined || ch === '\n') this.fail('unterminated character constant');
      if (ch === '\\') {
        p += 2;
        continue;
      }
      if (ch === "'") break;
      p++;
    }
    this.emit(TOKEN.charConstant, start, this.text.slice(start, p + 1));
    this.pos = p + 1;
  }

  private scanAlnum(from: number): number {
    let p = from;
    while (p < this.text.length && ALNUM.test(this.text[p]!)) p++;
    return p;
  }

  private lexVariable(): void {
    const start = this.pos;
    const end = this.scanAlnum(start + 1);
    this.emit(TOKEN.variable, start, this.text.slice(start, end));
    this.pos = end;
    this.checkTerminator();
  }

  private lexField(): void {
    const start = this.pos;
    const end = this.scanAlnum(start + 1);
    if (end === start + 1) {
      this.emit(TOKEN.dot, start, '.');
    } else {
      this.emit(TOKEN.field, start, this.text.slice(start, end));
    }
    this.pos = end;
    this.checkTerminator();
  }

  private lexIdentifier(): void {
    const start = this.pos;
    const end = this.scanAlnum(start);
    const word = this.text.slice(start, end);
    this.pos = end;
    if (KEYWORDS.has(word)) this.emit(TOKEN.keyword, start, word);
    else if (word === 'true' || word === 'false') this.emit(TOKEN.bool, start, word);
    else if (word === 'nil') this.emit(TOKEN.nil, start, word);
    else this.emit(TOKEN.identifier, start, word);
    this.checkTerminator();
  }

  /** After a field, variable or identifier only a space, delimiter or punctuation may follow. */
  private checkTerminator(): void {
    const c = this.text[this.pos] ?? '';
    if (
      c === '' ||
      SPACE.test(c) ||
      '.,|:=()'.includes(c) ||
      this.text.startsWith('}}', this.pos)
    ) {
      return;
    }
    this.fail(`bad character ${goRuneU(c)}`);
  }

  private lexNumber(): void {
    const start = this.pos;
    const m = NUMBER.exec(this.text.slice(start, start + 200));
    const len = m?.[0].length ?? 0;
    const after = this.text[start + len] ?? '';
    if (len === 0 || ALNUM.test(after) || after === '.') {
      const bad = this.text.slice(start, this.scanAlnum(start + Math.max(len, 1)) + 1);
      this.fail(`bad number syntax: ${JSON.stringify(bad)}`);
    }
    this.emit(TOKEN.number, start, this.text.slice(start, start + len));
    this.pos = start + len;
  }

  private fail(message: string): never {
    throw new RenderError(`template: ${this.name}:${this.line}: ${message}`, {
      data: { template: this.name, line: this.line },
    });
  }
}

const NUMBER =
  /^[+-]?(?:0[xX](?:[0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?|\.[0-9a-fA-F_]+)(?:[pP][+-]?[0-9_]+)?|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?)i?/u;

/** Go's `%#U`: `U+002F '/'`. */
function goRuneU(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}
