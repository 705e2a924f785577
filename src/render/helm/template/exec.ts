import type { BranchNode, Node, TemplateNode, Tree } from './ast.js';
import { contextOf, PipelineEvaluator, type Variable } from './eval-pipeline.js';
import type { ExecEnv } from './exec-env.js';
import { formatValue } from './go-fmt.js';
import { isGoMap, isTrue, sortedKeys, typeName } from './go-value.js';

export { ExecError, type ExecEnv, type MissingKey } from './exec-env.js';

const MAX_DEPTH = 1000;

type Flow = 'break' | 'continue' | undefined;

/** Executes `tree` with `data` as dot, returning the output text. */
export function execute(env: ExecEnv, tree: Tree, data: unknown): string {
  const out: string[] = [];
  new State(env, tree, [{ name: '$', value: data }], 0, out).walk(data, tree.root);
  return out.join('');
}

/** Walks a template tree, writing text and printed values to `out`. */
class State extends PipelineEvaluator {
  constructor(
    env: ExecEnv,
    tmpl: Tree,
    vars: Variable[],
    private readonly depth: number,
    private readonly out: string[],
  ) {
    super(env, tmpl, vars);
  }

  walk(dot: unknown, node: Node): Flow {
    switch (node.type) {
      case 'text':
        this.out.push(node.text);
        return undefined;
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return undefined;
      }
      case 'list':
        for (const n of node.nodes) {
          const flow = this.walk(dot, n);
          if (flow !== undefined) return flow;
        }
        return undefined;
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return undefined;
      case 'break':
      case 'continue':
        return node.type;
    }
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): Flow {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) {
        return this.walk(node.type === 'with' ? val : dot, node.list);
      }
      if (node.elseList !== undefined) return this.walk(dot, node.elseList);
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, node: BranchNode): Flow {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      const mark2 = this.vars.length;
      const nvars = node.pipe.decl.length;
      const one = (index: unknown, elem: unknown): Flow => {
        if (nvars > 0) {
          if (nvars > 1) {
            this.vars[this.vars.length - 2]!.value = index;
            this.vars[this.vars.length - 1]!.value = elem;
          } else this.vars[this.vars.length - 1]!.value = elem;
        }
        const flow = this.walk(elem, node.list);
        this.vars.length = mark2;
        return flow;
      };
      let ran = false;
      if (Array.isArray(val)) {
        for (let i = 0; i < val.length; i++) {
          ran = true;
          if (one(BigInt(i), val[i] === undefined ? null : val[i]) === 'break') break;
        }
      } else if (isGoMap(val)) {
        for (const k of sortedKeys(val)) {
          ran = true;
          if (one(k, val[k]) === 'break') break;
        }
      } else if (typeof val === 'bigint') {
        if (nvars > 1) {
          this.errorf(`can't use ${val} to iterate over more than one variable`);
        }
        for (let i = 0n; i < val; i++) {
          ran = true;
          if (one(i, i) === 'break') break;
        }
      } else if (val !== undefined && val !== null) {
        this.errorf(`range can't iterate over ${formatValue(val)}`);
      }
      if (!ran && node.elseList !== undefined) return this.walk(dot, node.elseList);
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private walkTemplate(dot: unknown, node: TemplateNode): void {
    this.node = node;
    const tree = this.env.lookup(node.name);
    if (tree === undefined) {
      this.errorf(`template ${JSON.stringify(node.name)} not defined`);
    }
    if (this.depth >= MAX_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_DEPTH})`);
    const newDot = node.pipe === undefined ? undefined : this.evalPipeline(dot, node.pipe);
    const state = new State(
      this.env,
      tree,
      [{ name: '$', value: newDot }],
      this.depth + 1,
      this.out,
    );
    state.walk(newDot, tree.root);
  }

  private printValue(node: Node, v: unknown): void {
    if (v === undefined) {
      this.out.push('<no value>');
      return;
    }
    if (typeof v === 'function') {
      this.node = node;
      this.errorf(`can't print ${contextOf(node)} of type ${typeName(v)}`);
    }
    this.out.push(typeof v === 'string' ? v : formatValue(v));
  }
}
