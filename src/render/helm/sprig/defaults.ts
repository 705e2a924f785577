import { FuncError, isTrue } from '../template/go-value.js';
import { argString, def, type FuncMap } from '../template/funcs.js';
import { isEmpty } from './convert.js';
import { goJson, parseGoJson } from './json.js';

function jsonFunc(options: { indent?: string; escapeHtml?: boolean }, must: boolean) {
  return def(1, 1, (a) => {
    try {
      return goJson(a[0], options);
    } catch (err) {
      if (must) throw err;
      return '';
    }
  });
}

/** Sprig's default, flow and JSON functions. */
export function defaultFuncs(): FuncMap {
  return {
    default: def(1, 2, (a) => (a.length < 2 || isEmpty(a[1]) ? a[0] : a[1])),
    empty: def(1, 1, (a) => isEmpty(a[0])),
    coalesce: def(0, Infinity, (a) => a.find((v) => !isEmpty(v)) ?? null),
    all: def(0, Infinity, (a) => a.every((v) => !isEmpty(v))),
    any: def(0, Infinity, (a) => a.some((v) => !isEmpty(v))),
    ternary: def(3, 3, (a) =>
      a[2] === true || (typeof a[2] !== 'boolean' && isTrue(a[2])) ? a[0] : a[1],
    ),
    fromJson: def(1, 1, (a) => {
      try {
        return parseGoJson(argString(a[0]));
      } catch {
        return null;
      }
    }),
    mustFromJson: def(1, 1, (a) => {
      try {
        return parseGoJson(argString(a[0]));
      } catch (err) {
        throw new FuncError((err as Error).message);
      }
    }),
    toJson: jsonFunc({}, false),
    mustToJson: jsonFunc({}, true),
    toPrettyJson: jsonFunc({ indent: '  ' }, false),
    mustToPrettyJson: jsonFunc({ indent: '  ' }, true),
    toRawJson: jsonFunc({ escapeHtml: false }, false),
    mustToRawJson: jsonFunc({ escapeHtml: false }, true),
    fail: def(1, 1, (a) => {
      throw new FuncError(argString(a[0]));
    }),
  };
}
