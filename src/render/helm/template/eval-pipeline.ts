import type { ArgNode, CommandNode, Node, PipeNode, Tree } from './ast.js';
import { nodeString } from './ast.js';
import { ExecError, type ExecEnv } from './exec-env.js';
import {
  ArgError,
  FuncError,
  GoStruct,
  isGoMap,
  isTrue,
  typeName,
  utf8Length,
} from './go-value.js';

/** Marks "no value piped in" apart from a piped-in nil. */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

export interface Variable {
  name: string;
  value: unknown;
}

/**
 * Evaluates pipelines as text/template does: commands, arguments, variables, field chains on
 * maps and Go structs, and function calls (with `and` / `or` short-circuiting). It keeps the
 * node being evaluated so errors name their template, line, column and action.
 */
export class PipelineEvaluator {
  protected node: ArgNode | CommandNode | PipeNode | Node | undefined;

  constructor(
    protected readonly env: ExecEnv,
    protected readonly tmpl: Tree,
    protected vars: Variable[],
  ) {}

  private location(pos: number): { line: number; col: number } {
    const before = this.tmpl.text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    let line = 1;
    for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 10) line++;
    return { line, col: utf8Length(before.slice(nl + 1)) };
  }

  protected errorf(message: string, cause?: unknown): never {
    const name = this.tmpl.name;
    const node = this.node;
    if (node === undefined) {
      throw new ExecError(`template: ${name}: ${message}`, { cause, data: { template: name } });
    }
    const { line, col } = this.location(node.pos);
    const context = contextOf(node);
    throw new ExecError(
      `template: ${this.tmpl.parseName}:${line}:${col}: executing "${name}" at <${context}>: ${message}`,
      { cause, data: { template: name, file: this.tmpl.parseName, line, column: col, message } },
    );
  }

  // Pipelines ---------------------------------------------------------------------------

  protected evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      const name = v.ident[0]!;
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push({ name, value });
    }
    return value;
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        this.node = first;
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain': {
        this.node = first;
        if (first.node.type === 'nil')
          this.errorf(`indirection through explicit nil in ${nodeString(first)}`);
        const recv = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, recv, first, first.field, cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first.name, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': {
        this.node = first;
        const value = this.varValue(first.ident[0]!);
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, final);
          return value;
        }
        return this.evalFieldChain(dot, value, first, first.ident.slice(1), cmd.args, final);
      }
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // falls through (unreachable)
      case 'number':
        return first.value;
      case 'string':
        return first.value;
    }
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
    }
  }

  protected evalArg(dot: unknown, n: ArgNode): unknown {
    this.node = n;
    switch (n.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING);
      case 'variable': {
        const value = this.varValue(n.ident[0]!);
        if (n.ident.length === 1) return value;
        return this.evalFieldChain(dot, value, n, n.ident.slice(1), [n], MISSING);
      }
      case 'pipe':
        return this.evalPipeline(dot, n);
      case 'identifier':
        return this.evalFunction(dot, n.name, n, [n], MISSING);
      case 'chain': {
        if (n.node.type === 'nil')
          this.errorf(`indirection through explicit nil in ${nodeString(n)}`);
        const recv = this.evalArg(dot, n.node);
        this.node = n;
        return this.evalFieldChain(dot, recv, n, n.field, [n], MISSING);
      }
      case 'bool':
      case 'number':
      case 'string':
        return n.value;
    }
  }

  // Fields ------------------------------------------------------------------------------

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: ArgNode,
    ident: string[],
    args: ArgNode[],
    final: Final,
  ): unknown {
    let recv = receiver;
    let fromMap = false;
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      const r = this.evalField(dot, ident[i]!, node, [], MISSING, recv, fromMap);
      fromMap = isGoMap(recv);
      recv = r;
    }
    return this.evalField(dot, ident[n - 1]!, node, args, final, recv, fromMap);
  }

  private evalField(
    dot: unknown,
    name: string,
    node: ArgNode,
    args: ArgNode[],
    final: Final,
    receiver: unknown,
    fromMap: boolean,
  ): unknown {
    if (receiver === undefined) {
      if (this.env.missingKey === 'error')
        this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    const staticType = fromMap ? 'interface {}' : typeName(receiver);
    if (receiver === null) this.errorf(`nil pointer evaluating ${staticType}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const method = receiver.methods[name];
      if (method !== undefined) {
        const argv = args.slice(1).map((a) => toArg(this.evalArg(dot, a)));
        if (final !== MISSING) argv.push(toArg(final));
        this.node = node;
        if (argv.length !== method.length) {
          this.errorf(`wrong number of args for ${name}: want ${method.length} got ${argv.length}`);
        }
        return this.callSafely(name, () => method(...argv));
      }
      if (Object.hasOwn(receiver.fields, name)) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return receiver.fields[name];
      }
      this.errorf(`can't evaluate field ${name} in type ${receiver.goType}`);
    }
    if (isGoMap(receiver)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (Object.hasOwn(receiver, name)) return receiver[name];
      switch (this.env.missingKey) {
        case 'invalid':
          return undefined;
        case 'zero':
          return null;
        case 'error':
          this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
      }
    }
    this.errorf(`can't evaluate field ${name} in type ${staticType}`);
  }

  // Functions ---------------------------------------------------------------------------

  private evalFunction(
    dot: unknown,
    name: string,
    node: CommandNode | ArgNode,
    args: ArgNode[],
    final: Final,
  ): unknown {
    this.node = node.type === 'command' ? node.args[0] : node;
    if (name === 'and' || name === 'or') {
      if (this.env.func(name) === undefined) return this.evalAndOr(dot, name, node, args, final);
    }
    const fn = this.env.func(name);
    if (fn === undefined) this.errorf(`${JSON.stringify(name)} is not a defined function`);
    const argv: unknown[] = [];
    for (let i = 1; i < args.length; i++) argv.push(toArg(this.evalArg(dot, args[i]!)));
    if (final !== MISSING) argv.push(toArg(final));
    if (argv.length < fn.min || argv.length > fn.max) {
      this.node = node.type === 'command' ? node.args[0] : node;
      const want = fn.min === fn.max ? `${fn.min}` : `at least ${fn.min}`;
      this.errorf(`wrong number of args for ${name}: want ${want} got ${argv.length}`);
    }
    this.node = node;
    return this.callSafely(name, () => fn.fn(argv));
  }

  private evalAndOr(
    dot: unknown,
    name: string,
    node: CommandNode | ArgNode,
    args: ArgNode[],
    final: Final,
  ): unknown {
    const count = args.length - 1 + (final === MISSING ? 0 : 1);
    this.node = node.type === 'command' ? node.args[0] : node;
    if (count < 1) this.errorf(`wrong number of args for ${name}: want at least 1 got 0`);
    let v: unknown;
    for (let i = 1; i < args.length; i++) {
      v = this.evalArg(dot, args[i]!);
      if (v === null) v = undefined;
      if (isTrue(v) === (name === 'or')) return v;
    }
    if (final !== MISSING) v = final;
    return v;
  }

  private callSafely(name: string, call: () => unknown): unknown {
    try {
      const result = call();
      return result === undefined ? null : result;
    } catch (err) {
      if (err instanceof ArgError) this.errorf(err.message, err);
      if (err instanceof FuncError || err instanceof Error) {
        this.errorf(`error calling ${name}: ${err.message}`, err);
      }
      throw err;
    }
  }
}

function toArg(v: unknown): unknown {
  return v === undefined ? null : v;
}

export function contextOf(node: ArgNode | CommandNode | PipeNode | Node): string {
  switch (node.type) {
    case 'text':
    case 'list':
    case 'if':
    case 'with':
    case 'range':
    case 'template':
    case 'break':
    case 'continue':
      return node.type === 'template' ? `{{template "${node.name}"}}` : `{{${node.type}}}`;
    case 'action':
      return nodeString(node.pipe);
    default:
      return nodeString(node);
  }
}
