import { RenderError } from '../../../model/errors.js';
import { lex, TOKEN, type Token } from './lexer.js';
import { goUnquote } from './literals.js';

/**
 * A parser's position in the tokens of one template text, with the lookahead and error
 * helpers every part of the parser shares. Errors read as Go's: `template: name:line: …`.
 */
export class TokenCursor {
  protected readonly tokens: Token[];
  protected i = 0;

  constructor(
    protected readonly name: string,
    protected readonly text: string,
  ) {
    this.tokens = lex(name, text);
  }

  protected peek(): Token {
    return this.tokens[this.i]!;
  }

  protected next(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== TOKEN.eof) this.i++;
    return t;
  }

  protected peekNonSpace(): Token {
    let j = this.i;
    while (this.tokens[j]!.type === TOKEN.space) j++;
    return this.tokens[j]!;
  }

  protected nextNonSpace(): Token {
    let t = this.next();
    while (t.type === TOKEN.space) t = this.next();
    return t;
  }

  protected expect(type: string, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  protected stringValue(t: Token, context: string): string {
    if (t.type !== TOKEN.string && t.type !== TOKEN.rawString) this.unexpected(t, context);
    const v = goUnquote(t.value);
    if (v === undefined) this.errorf(`invalid syntax`, t);
    return v;
  }

  protected errorf(message: string, at: Token = this.tokens[Math.max(0, this.i - 1)]!): never {
    throw new RenderError(`template: ${this.name}:${at.line}: ${message}`, {
      data: { template: this.name, line: at.line },
    });
  }

  protected unexpected(t: Token, context: string): never {
    if (t.type === TOKEN.eof) this.errorf(`unexpected EOF`, t);
    const desc =
      t.type === TOKEN.rightDelim
        ? `"}}"`
        : t.type === TOKEN.leftDelim
          ? `"{{"`
          : t.type === TOKEN.keyword
            ? `<${t.value}>`
            : JSON.stringify(t.value);
    this.errorf(`unexpected ${desc} in ${context}`, t);
  }
}
