/** Nodes of a parsed Go template, mirroring text/template/parse. */

interface NodeBase {
  /** Offset in the template text, used for `name:line:col` in errors. */
  pos: number;
}

export interface TextNode extends NodeBase {
  type: 'text';
  text: string;
}

export interface FieldNode extends NodeBase {
  type: 'field';
  ident: string[];
}

export interface VariableNode extends NodeBase {
  type: 'variable';
  /** `$x.a.b` is `['$x', 'a', 'b']`. */
  ident: string[];
}

export interface ChainNode extends NodeBase {
  type: 'chain';
  node: ArgNode;
  field: string[];
}

export interface IdentifierNode extends NodeBase {
  type: 'identifier';
  name: string;
}

export interface DotNode extends NodeBase {
  type: 'dot';
}

export interface NilNode extends NodeBase {
  type: 'nil';
}

export interface BoolNode extends NodeBase {
  type: 'bool';
  value: boolean;
}

export interface NumberNode extends NodeBase {
  type: 'number';
  /** A bigint for integer constants, a number for floating-point ones. */
  value: bigint | number;
  text: string;
}

export interface StringNode extends NodeBase {
  type: 'string';
  quoted: string;
  value: string;
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export interface CommandNode extends NodeBase {
  type: 'command';
  args: ArgNode[];
}

export interface PipeNode extends NodeBase {
  type: 'pipe';
  /** Declared or assigned variables, e.g. `$x :=` or `$i, $e :=`. */
  decl: VariableNode[];
  isAssign: boolean;
  cmds: CommandNode[];
}

export interface ActionNode extends NodeBase {
  type: 'action';
  pipe: PipeNode;
}

export interface ListNode extends NodeBase {
  type: 'list';
  nodes: Node[];
}

export interface BranchNode extends NodeBase {
  type: 'if' | 'with' | 'range';
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}

export interface TemplateNode extends NodeBase {
  type: 'template';
  name: string;
  pipe: PipeNode | undefined;
}

export interface BreakNode extends NodeBase {
  type: 'break' | 'continue';
}

export type Node = TextNode | ActionNode | BranchNode | TemplateNode | BreakNode | ListNode;

/** A parsed template: its name, its body and the source text (for error positions). */
export interface Tree {
  name: string;
  /** The name of the parse (file) the tree came from; `define`d trees share their file's. */
  parseName: string;
  root: ListNode;
  text: string;
}

/** Renders a node back to template syntax, as Go's `Node.String()` does (for error context). */
export function nodeString(node: ArgNode | CommandNode): string {
  switch (node.type) {
    case 'field':
      return `.${node.ident.join('.')}`;
    case 'variable':
      return node.ident.join('.');
    case 'chain': {
      const inner =
        node.node.type === 'pipe' ? `(${nodeString(node.node)})` : nodeString(node.node);
      return `${inner}.${node.field.join('.')}`;
    }
    case 'identifier':
      return node.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(node.value);
    case 'number':
      return node.text;
    case 'string':
      return node.quoted;
    case 'command':
      return node.args
        .map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a)))
        .join(' ');
    case 'pipe': {
      const decl =
        node.decl.length === 0
          ? ''
          : `${node.decl.map((d) => d.ident.join('.')).join(', ')} ${node.isAssign ? '=' : ':='} `;
      return decl + node.cmds.map((c) => nodeString(c)).join(' | ');
    }
  }
}
