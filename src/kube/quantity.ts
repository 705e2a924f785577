/**
 * Kubernetes resource quantities (`100m`, `1.5Gi`, `1e3`), parsed exactly. A quantity is kept
 * as a fraction of big integers so that `1000m`, `1` and `0.001k` compare equal without
 * floating-point error.
 */
export interface Quantity {
  /** The value is `numerator / denominator`; the denominator is always positive. */
  numerator: bigint;
  denominator: bigint;
}

const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Parses a quantity string or a JSON number; `undefined` when it is not a quantity. */
export function parseQuantity(value: unknown): Quantity | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return parseQuantity(String(value));
  }
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (match === null) return undefined;
  const [, sign = '', digits = '', suffix, exponent] = match;
  const [whole = '', fraction = ''] = digits.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let scale10 = -fraction.length;
  let denominator = 1n;
  if (suffix !== undefined && BINARY[suffix] !== undefined) {
    numerator *= 2n ** BigInt(BINARY[suffix]);
  } else if (suffix !== undefined) {
    scale10 += DECIMAL[suffix] ?? 0;
  } else if (exponent !== undefined) {
    const e = Number(exponent);
    if (Math.abs(e) > 1000) return undefined;
    scale10 += e;
  }
  if (scale10 >= 0) numerator *= pow10(scale10);
  else denominator = pow10(-scale10);
  if (sign === '-') numerator = -numerator;
  return reduce({ numerator, denominator });
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function reduce(q: Quantity): Quantity {
  const d = gcd(q.numerator, q.denominator);
  return { numerator: q.numerator / d, denominator: q.denominator / d };
}

/** Orders two quantities: negative when `a < b`, 0 when equal, positive when `a > b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** True when both values parse as quantities of the same amount: `1Gi` and `1024Mi`, `0.5` and `500m`. */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  return qa !== undefined && qb !== undefined && compareQuantities(qa, qb) === 0;
}

/** The quantity as a JavaScript number, rounded to the nearest double. */
export function quantityToNumber(q: Quantity): number {
  return Number(q.numerator) / Number(q.denominator);
}
