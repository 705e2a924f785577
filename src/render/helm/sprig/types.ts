import { formatValue } from '../template/go-fmt.js';
import { kindName, typeName } from '../template/go-value.js';
import { argString, def, type FuncMap } from '../template/funcs.js';
import { deepEqual } from './convert.js';

/** Sprig's reflection functions. */
export function typeFuncs(): FuncMap {
  return {
    typeOf: def(1, 1, (a) => typeName(a[0])),
    typeIs: def(2, 2, (a) => argString(a[0]) === typeName(a[1])),
    typeIsLike: def(2, 2, (a) => {
      const t = typeName(a[1]);
      const want = argString(a[0]);
      return want === t || `*${want}` === t;
    }),
    kindOf: def(1, 1, (a) => kindName(a[0])),
    kindIs: def(2, 2, (a) => argString(a[0]) === kindName(a[1])),
    deepEqual: def(2, 2, (a) => deepEqual(a[0], a[1])),
    toDecimal: def(1, 1, (a) => {
      const n = parseInt(formatValue(a[0]), 8);
      return Number.isNaN(n) ? 0n : BigInt(n);
    }),
  };
}
