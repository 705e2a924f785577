import { RenderError } from '../../../model/errors.js';
import type { Tree } from './ast.js';
import { builtinFuncs } from './builtins.js';
import { execute, type MissingKey } from './exec.js';
import type { FuncDef, FuncMap } from './funcs.js';
import { parseTemplate } from './parser.js';

export interface TemplateSetOptions {
  /**
   * What a missing map key yields.
   * @defaultValue `'invalid'` (Go's default: printed as `<no value>`)
   */
  missingKey?: MissingKey;
  /** Functions in addition to (and overriding) the builtins. */
  funcs?: FuncMap;
}

const BUILTINS = builtinFuncs();

/**
 * A set of named Go templates sharing one namespace, like a `*template.Template` and its
 * associated templates. Parsing a file adds its tree and its `define`s; a later parse
 * replaces earlier definitions of the same name.
 */
export class TemplateSet {
  readonly missingKey: MissingKey;
  private readonly trees: Map<string, Tree>;
  private readonly funcs: FuncMap;

  constructor(options: TemplateSetOptions = {}, trees?: Map<string, Tree>) {
    this.missingKey = options.missingKey ?? 'invalid';
    this.funcs = { ...options.funcs };
    this.trees = new Map(trees);
  }

  /** Adds or replaces functions; later calls win. */
  addFuncs(funcs: FuncMap): this {
    Object.assign(this.funcs, funcs);
    return this;
  }

  /** Parses `text` as the template `name`, adding its definitions to the set. */
  parse(name: string, text: string): this {
    const parsed = parseTemplate(
      name,
      text,
      (fn) => this.func(fn) !== undefined || fn === 'and' || fn === 'or',
    );
    for (const [treeName, tree] of parsed) this.trees.set(treeName, tree);
    return this;
  }

  has(name: string): boolean {
    return this.trees.has(name);
  }

  lookup(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  func(name: string): FuncDef | undefined {
    return this.funcs[name] ?? BUILTINS[name];
  }

  /** Executes the named template with `data` as dot. */
  execute(name: string, data: unknown): string {
    const tree = this.trees.get(name);
    if (tree === undefined) {
      throw new RenderError(
        `template: no template ${JSON.stringify(name)} associated with template set`,
        {
          data: { template: name },
        },
      );
    }
    return execute(this, tree, data);
  }

  /** A copy sharing nothing mutable: parsing into it leaves this set unchanged. */
  clone(): TemplateSet {
    return new TemplateSet({ missingKey: this.missingKey, funcs: this.funcs }, this.trees);
  }
}
