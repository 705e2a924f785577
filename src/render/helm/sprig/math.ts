import { FuncError } from '../template/go-value.js';
import { def, type FuncMap } from '../template/funcs.js';
import { toFloat64, toInt64 } from './convert.js';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Wraps to int64 as Go's arithmetic does. */
function wrap64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

function intDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new FuncError('runtime error: integer divide by zero');
  return wrap64(a / b);
}

function intMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new FuncError('runtime error: integer divide by zero');
  return a % b;
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Sprig's `round x precision [roundOn]`. */
function round(x: number, precision: number, roundOn = 0.5): number {
  const pow = 10 ** precision;
  const digit = pow * x;
  const [intPart, frac] = [Math.trunc(digit), digit - Math.trunc(digit)];
  const rounded = frac >= roundOn ? Math.ceil(digit) : intPart;
  return rounded / pow;
}

/** Sprig's integer and float math. */
export function mathFuncs(random: () => number): FuncMap {
  const ints = (a: unknown[]): bigint[] => a.map(toInt64);
  const floats = (a: unknown[]): number[] => a.map(toFloat64);
  return {
    add1: def(1, 1, (a) => wrap64(toInt64(a[0]) + 1n)),
    add: def(0, Infinity, (a) => wrap64(ints(a).reduce((x, y) => x + y, 0n))),
    sub: def(2, 2, (a) => wrap64(toInt64(a[0]) - toInt64(a[1]))),
    div: def(2, 2, (a) => intDiv(toInt64(a[0]), toInt64(a[1]))),
    mod: def(2, 2, (a) => intMod(toInt64(a[0]), toInt64(a[1]))),
    mul: def(1, Infinity, (a) => wrap64(ints(a).reduce((x, y) => x * y, 1n))),
    max: def(1, Infinity, (a) => ints(a).reduce((x, y) => (y > x ? y : x), I64_MIN)),
    biggest: def(1, Infinity, (a) => ints(a).reduce((x, y) => (y > x ? y : x), I64_MIN)),
    min: def(1, Infinity, (a) => ints(a).reduce((x, y) => (y < x ? y : x), I64_MAX)),
    add1f: def(1, 1, (a) => toFloat64(a[0]) + 1),
    addf: def(0, Infinity, (a) => floats(a).reduce((x, y) => x + y, 0)),
    subf: def(1, Infinity, (a) => floats(a).reduce((x, y) => x - y)),
    divf: def(1, Infinity, (a) => floats(a).reduce((x, y) => x / y)),
    mulf: def(1, Infinity, (a) => floats(a).reduce((x, y) => x * y, 1)),
    maxf: def(1, Infinity, (a) => Math.max(...floats(a))),
    minf: def(1, Infinity, (a) => Math.min(...floats(a))),
    floor: def(1, 1, (a) => Math.floor(toFloat64(a[0]))),
    ceil: def(1, 1, (a) => Math.ceil(toFloat64(a[0]))),
    round: def(2, 3, (a) =>
      round(toFloat64(a[0]), Number(toInt64(a[1])), a[2] === undefined ? 0.5 : toFloat64(a[2])),
    ),
    int: def(1, 1, (a) => toInt64(a[0])),
    int64: def(1, 1, (a) => toInt64(a[0])),
    float64: def(1, 1, (a) => toFloat64(a[0])),
    until: def(1, 1, (a) => untilStep(0n, toInt64(a[0]), toInt64(a[0]) < 0n ? -1n : 1n)),
    untilStep: def(3, 3, (a) => untilStep(toInt64(a[0]), toInt64(a[1]), toInt64(a[2]))),
    randInt: def(2, 2, (a) => {
      const [lo, hi] = [Number(toInt64(a[0])), Number(toInt64(a[1]))];
      return BigInt(Math.floor(random() * (hi - lo)) + lo);
    }),
  };
}

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step === 0n) return out;
  if (stop < start) {
    if (step >= 0n) return out;
    for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }
  if (step <= 0n) return out;
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

export { goRound };
