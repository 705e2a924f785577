import type { BranchNode, ListNode, Node, PipeNode, TemplateNode, Tree } from './ast.js';
import { TOKEN, type Token } from './lexer.js';
import { PipelineParser } from './parse-pipeline.js';

/**
 * Parses one template text (a file) into trees: the file's own tree under `name`, plus one
 * tree per `{{define}}` / `{{block}}`. `hasFunction` decides which identifiers are functions,
 * as Go's parser checks them at parse time.
 */
export function parseTemplate(
  name: string,
  text: string,
  hasFunction: (name: string) => boolean,
): Map<string, Tree> {
  return new Parser(name, text, hasFunction).parse();
}

/** Whether a tree holds nothing but whitespace text, as Go's `IsEmptyTree` decides. */
export function isEmptyTree(node: Node): boolean {
  if (node.type === 'list') return node.nodes.every(isEmptyTree);
  return node.type === 'text' && node.text.trim() === '';
}

interface EndMarker {
  type: 'end' | 'else';
  pos: number;
}

/** The structure of a template: text, actions, control clauses, and `{{define}}` / `{{block}}`. */
class Parser extends PipelineParser {
  private rangeDepth = 0;
  private readonly trees = new Map<string, Tree>();

  parse(): Map<string, Tree> {
    const root: ListNode = { type: 'list', pos: 0, nodes: [] };
    while (this.peek().type !== TOKEN.eof) {
      if (this.peek().type === TOKEN.leftDelim) {
        const save = this.i;
        this.next();
        if (this.peekNonSpace().value === 'define' && this.peekNonSpace().type === TOKEN.keyword) {
          this.nextNonSpace();
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if ('end' in n) this.errorf(`unexpected {{${n.type}}}`);
      root.nodes.push(n as Node);
    }
    this.add({ name: this.name, parseName: this.name, root, text: this.text });
    return this.trees;
  }

  private add(tree: Tree): void {
    const existing = this.trees.get(tree.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.trees.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) {
      this.errorf(`template: multiple definition of template ${JSON.stringify(tree.name)}`);
    }
  }

  private parseDefinition(): void {
    const nameTok = this.nextNonSpace();
    const defName = this.stringValue(nameTok, 'define clause');
    this.expect(TOKEN.rightDelim, 'define clause');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected {{else}} in define clause`);
    this.vars = savedVars;
    this.add({ name: defName, parseName: this.name, root: list, text: this.text });
  }

  private itemList(): [ListNode, EndMarker] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== TOKEN.eof) {
      const n = this.textOrAction();
      if ('end' in n) return [list, n.marker];
      list.nodes.push(n as Node);
    }
    this.errorf('unexpected EOF', this.peek());
  }

  private textOrAction(): Node | { end: true; type: string; marker: EndMarker } {
    const t = this.nextNonSpace();
    if (t.type === TOKEN.text) return { type: 'text', pos: t.pos, text: t.value };
    if (t.type === TOKEN.leftDelim) return this.action();
    this.unexpected(t, 'input');
  }

  private action(): Node | { end: true; type: string; marker: EndMarker } {
    const t = this.peekNonSpace();
    if (t.type === TOKEN.keyword) {
      this.nextNonSpace();
      switch (t.value) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          return this.breakControl(t.value);
        case 'else':
          return this.elseControl(t);
        case 'end':
          this.expect(TOKEN.rightDelim, 'end');
          return { end: true, type: 'end', marker: { type: 'end', pos: t.pos } };
        case 'if':
        case 'with':
        case 'range':
          return this.control(t.value);
        case 'template':
          return this.templateControl();
        default:
          this.unexpected(t, 'command');
      }
    }
    const pipe = this.pipeline('command', TOKEN.rightDelim);
    return { type: 'action', pos: pipe.pos, pipe };
  }

  private breakControl(kind: 'break' | 'continue'): Node {
    const t = this.tokens[this.i - 1]!;
    this.expect(TOKEN.rightDelim, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`, t);
    return { type: kind, pos: t.pos };
  }

  private elseControl(t: Token): { end: true; type: string; marker: EndMarker } {
    const p = this.peekNonSpace();
    if (p.type === TOKEN.keyword && (p.value === 'if' || p.value === 'with')) {
      // "else if" / "else with": leave the keyword pending for the enclosing control.
      return { end: true, type: 'else', marker: { type: 'else', pos: t.pos } };
    }
    this.expect(TOKEN.rightDelim, 'else');
    return { end: true, type: 'else', marker: { type: 'else', pos: t.pos } };
  }

  private control(kind: 'if' | 'with' | 'range'): BranchNode {
    const savedVars = this.vars.length;
    const pipe = this.pipeline(kind, TOKEN.rightDelim);
    if (kind === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.type === 'else') {
      const p = this.peekNonSpace();
      if ((kind === 'if' || kind === 'with') && p.type === TOKEN.keyword && p.value === kind) {
        this.nextNonSpace();
        elseList = { type: 'list', pos: next.pos, nodes: [this.control(kind)] };
      } else {
        const [els, end] = this.itemList();
        if (end.type !== 'end') this.errorf('expected end; found {{else}}');
        elseList = els;
      }
    }
    this.vars.length = savedVars;
    return { type: kind, pos: pipe.pos, pipe, list, elseList };
  }

  private templateControl(): TemplateNode {
    const t = this.nextNonSpace();
    const name = this.stringValue(t, 'template clause');
    let pipe: PipeNode | undefined;
    if (this.peekNonSpace().type !== TOKEN.rightDelim) {
      pipe = this.pipeline('template clause', TOKEN.rightDelim);
    } else {
      this.nextNonSpace();
    }
    return { type: 'template', pos: t.pos, name, pipe };
  }

  private blockControl(): TemplateNode {
    const t = this.nextNonSpace();
    const name = this.stringValue(t, 'block clause');
    let pipe: PipeNode | undefined;
    if (this.peekNonSpace().type !== TOKEN.rightDelim) {
      pipe = this.pipeline('block clause', TOKEN.rightDelim);
    } else {
      this.nextNonSpace();
    }
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf('unexpected {{else}} in block clause');
    this.vars = savedVars;
    this.add({ name, parseName: this.name, root: list, text: this.text });
    return { type: 'template', pos: t.pos, name, pipe };
  }
}
