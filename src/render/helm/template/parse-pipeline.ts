import type { ArgNode, CommandNode, PipeNode, VariableNode } from './ast.js';
import { TOKEN, type Token } from './lexer.js';
import { goUnquote, parseNumber } from './literals.js';
import { TokenCursor } from './token-cursor.js';

/**
 * Parses pipelines inside an action: variable declarations, commands, operands with field
 * chains, and literal terms. It tracks the variables in scope, since Go rejects an undefined
 * variable at parse time, and asks `hasFunction` about identifiers for the same reason.
 */
export class PipelineParser extends TokenCursor {
  protected vars: string[] = ['$'];

  constructor(
    name: string,
    text: string,
    protected readonly hasFunction: (name: string) => boolean,
  ) {
    super(name, text);
  }

  protected pipeline(context: string, end: string): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: first.pos, decl: [], isAssign: false, cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== TOKEN.variable) break;
      const save = this.i;
      this.nextNonSpace();
      const after = this.peekNonSpace();
      if (after.type === TOKEN.assign || after.type === TOKEN.declare) {
        pipe.isAssign = after.type === TOKEN.assign;
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.value] });
        if (pipe.isAssign) this.useVar(v);
        else this.vars.push(v.value);
        break;
      }
      if (after.type === TOKEN.char && after.value === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.value] });
        this.vars.push(v.value);
        if (context === 'range' && pipe.decl.length < 2) {
          const n = this.peekNonSpace();
          if (n.type === TOKEN.variable) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case TOKEN.bool:
        case TOKEN.charConstant:
        case TOKEN.dot:
        case TOKEN.field:
        case TOKEN.identifier:
        case TOKEN.number:
        case TOKEN.nil:
        case TOKEN.rawString:
        case TOKEN.string:
        case TOKEN.variable:
        case TOKEN.leftParen:
          this.i--;
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]!.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      while (this.peek().type === TOKEN.space) this.next();
      const operand = this.operand();
      if (operand !== undefined) cmd.args.push(operand);
      const t = this.next();
      if (t.type === TOKEN.space) continue;
      if (t.type === TOKEN.rightDelim || t.type === TOKEN.rightParen) {
        this.i--;
      } else if (t.type !== TOKEN.pipe) {
        this.unexpected(t, 'operand');
      }
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (node === undefined) return undefined;
    if (this.peek().type !== TOKEN.field) return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === TOKEN.field) fields.push(this.next().value.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${JSON.stringify(nodeText(node))}`);
      // falls through (unreachable)
      default:
        return { type: 'chain', pos: chainPos, node, field: fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case TOKEN.identifier:
        if (!this.hasFunction(t.value)) {
          this.errorf(`function ${JSON.stringify(t.value)} not defined`, t);
        }
        return { type: 'identifier', pos: t.pos, name: t.value };
      case TOKEN.dot:
        return { type: 'dot', pos: t.pos };
      case TOKEN.nil:
        return { type: 'nil', pos: t.pos };
      case TOKEN.variable:
        return this.useVar(t);
      case TOKEN.field:
        return { type: 'field', pos: t.pos, ident: [t.value.slice(1)] };
      case TOKEN.bool:
        return { type: 'bool', pos: t.pos, value: t.value === 'true' };
      case TOKEN.charConstant: {
        const s = goUnquote(t.value);
        if (s === undefined) this.errorf(`malformed character constant: ${t.value}`, t);
        return { type: 'number', pos: t.pos, value: BigInt(s.codePointAt(0)!), text: t.value };
      }
      case TOKEN.number: {
        const v = parseNumber(t.value);
        if (typeof v === 'string') this.errorf(v, t);
        return { type: 'number', pos: t.pos, value: v, text: t.value };
      }
      case TOKEN.leftParen:
        return this.pipeline('parenthesized pipeline', TOKEN.rightParen);
      case TOKEN.string:
      case TOKEN.rawString: {
        const s = goUnquote(t.value);
        if (s === undefined) this.errorf('invalid syntax', t);
        return { type: 'string', pos: t.pos, quoted: t.value, value: s };
      }
      default:
        this.i--;
        return undefined;
    }
  }

  protected useVar(t: Token): VariableNode {
    const name = t.value;
    if (!this.vars.includes(name)) this.errorf(`undefined variable ${JSON.stringify(name)}`, t);
    return { type: 'variable', pos: t.pos, ident: [name] };
  }
}

function nodeText(node: ArgNode): string {
  switch (node.type) {
    case 'string':
      return node.quoted;
    case 'number':
      return node.text;
    case 'bool':
      return String(node.value);
    case 'nil':
      return 'nil';
    default:
      return '.';
  }
}
