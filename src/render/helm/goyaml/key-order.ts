const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * go-yaml v2's order of string map keys: letters after other characters, letters by code
 * point, and runs of digits by their value, so `a2` sorts before `a10`.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return keyLess(a, b) ? -1 : 1;
}

function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = LETTER.test(ar[i]!);
    const bl = LETTER.test(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    const run = (chars: string[], start: number, n: bigint): [number, bigint] => {
      let k = start;
      let value = n;
      for (; k < chars.length && DIGIT.test(chars[k]!); k++) {
        value = BigInt.asIntN(64, value * 10n + BigInt(chars[k]!.codePointAt(0)! - 48));
      }
      return [k, value];
    };
    const [ai, av] = run(ar, i, an);
    const [bi, bv] = run(br, i, bn);
    if (av !== bv) return av < bv;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}
