import { RenderError } from '../../../model/errors.js';
import type { Tree } from './ast.js';
import type { FuncDef } from './funcs.js';

/** What a missing map key yields, as text/template's `missingkey` option. */
export type MissingKey = 'invalid' | 'zero' | 'error';

/** What the executor needs from its template set. */
export interface ExecEnv {
  lookup(name: string): Tree | undefined;
  func(name: string): FuncDef | undefined;
  missingKey: MissingKey;
}

/** A Go template execution error, worded as text/template words it. */
export class ExecError extends RenderError {}
