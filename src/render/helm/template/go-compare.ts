import { FuncError } from './go-value.js';

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: unknown): BasicKind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'undefined':
      return 'invalid';
  }
  return v === null ? 'invalid' : 'other';
}

const BAD_COMPARISON = 'incompatible types for comparison';
const BAD_COMPARISON_TYPE = 'invalid type for comparison';

/** text/template's `eq`: true when arg1 equals any of the others. */
export function goEq(arg1: unknown, others: readonly unknown[]): boolean {
  if (others.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of others) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new FuncError(BAD_COMPARISON);
    } else if (k1 === 'other') {
      if (Array.isArray(arg1) || typeof arg1 === 'object') {
        throw new FuncError(`non-comparable types`);
      }
      truth = arg1 === arg;
    } else if (k1 === 'invalid') {
      truth = true;
    } else {
      truth = arg1 === arg;
    }
    if (truth) return true;
  }
  return false;
}

/** text/template's `lt`. */
export function goLt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  if (k1 === 'invalid' || k1 === 'other') throw new FuncError(BAD_COMPARISON_TYPE);
  const k2 = basicKind(b);
  if (k2 === 'invalid' || k2 === 'other') throw new FuncError(BAD_COMPARISON_TYPE);
  if (k1 !== k2) throw new FuncError(BAD_COMPARISON);
  if (k1 === 'bool') throw new FuncError(BAD_COMPARISON_TYPE);
  return (a as number) < (b as number);
}

export function goLe(a: unknown, b: unknown): boolean {
  return goLt(a, b) || goEq(a, [b]);
}
