/**
 * exp, tanh and the sigmoid from +, −, ×, / and exact scaling by powers of two only, so that they give
 * the same bits on every JavaScript engine: the language fixes those operations (IEEE 754, correctly
 * rounded, no fused multiply-add) but not Math.exp and its kin. Measured here, Node 24.21 and Chromium
 * 156 (both V8) differ in the last bit of Math.exp, Math.log, Math.sin and Math.cos on some inputs
 * (Math.tanh and Math.sqrt agreed); after float32 rounding such a difference flips a stored bit about
 * once in 2^29 evaluations, rare per step but not over a run of millions, and a flip then grows.
 *
 * exp is fdlibm's e_exp.c (Sun Microsystems, 1993: "freely used, copied, modified, and distributed"):
 * x = k ln2 + r with ln2 in two parts, a rational approximation on |r| ≤ ln2/2, then 2^k; error below
 * 1 ulp. The tests hold all three to Math's within a few ulps.
 */

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const OVERFLOW = 7.09782712893383973096e2;
const UNDERFLOW = -7.45133219101941108420e2;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // the high word's index (little-endian: 1)

/** 2^k for an integer k in [−1022, 1023], exactly, from its bit pattern. */
function pow2(k: number): number {
  words[HIGH] = (k + 1023) << 20;
  // Stryker disable next-line ArithmeticOperator: words[2] is past the end (ignored), and the low word is never anything but 0
  words[1 - HIGH] = 0;
  return bits[0]!;
}

export function exp(x: number): number {
  // Stryker disable next-line ConditionalExpression: without it NaN still comes out, through k and y
  if (Number.isNaN(x)) return x;
  if (x > OVERFLOW) return Infinity;
  if (x < UNDERFLOW) return 0;
  const k = Math.floor(INV_LN2 * x + 0.5);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const r2 = r * r;
  const c = r - r2 * (P1 + r2 * (P2 + r2 * (P3 + r2 * (P4 + r2 * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // 2^k in two factors where one would leave the normal range (k from −1075 to 1024 here).
  // Stryker disable next-line EqualityOperator: at k = 1023 the second factor is 2^0 = 1
  if (k > 1023) return y * pow2(1023) * pow2(k - 1023);
  // Stryker disable next-line EqualityOperator: at k = −1021 both ways are exact (2^−1021 is normal)
  if (k < -1021) return y * pow2(k + 1000) * pow2(-1000);
  return y * pow2(k);
}

/** tanh: a Taylor polynomial near 0 (where 1 − e^(−2|x|) would cancel), else (1 − t)/(1 + t) with t = e^(−2|x|); relative error below 1e-13. */
export function tanh(x: number): number {
  const a = Math.abs(x);
  if (a < 0.004) {
    const x2 = x * x;
    return x * (1 - x2 * (1 / 3 - x2 * (2 / 15 - x2 * (17 / 315))));
  }
  const t = exp(-2 * a);
  const y = (1 - t) / (1 + t);
  // Stryker disable next-line EqualityOperator: x = 0 never gets here (|x| < 0.004 above)
  return x < 0 ? -y : y;
}

/** The logistic sigmoid 1/(1 + e^(−x)), without overflow for large |x|. */
export function sigmoid(x: number): number {
  // Stryker disable next-line EqualityOperator: at x = 0 both forms are exactly 1/2
  if (x >= 0) return 1 / (1 + exp(-x));
  const e = exp(x);
  return e / (1 + e);
}
