/**
 * Colour arithmetic for the figures' palettes: sRGB hex ⇄ CIE L*a*b* (D65), so a ramp can be
 * interpolated evenly in lightness and a test can measure how far apart two colours look. Pure.
 */

export type Rgb = [number, number, number];
export type Lab = [number, number, number];

/** "#rrggbb" or "#rgb" → [r, g, b] in 0..255. */
export function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim())?.[1];
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  const full = m.length === 3 ? m.replace(/./g, (c) => c + c) : m;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** sRGB 0..255 → linear-light 0..1. */
export function toLinear(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linear-light 0..1 → sRGB 0..255. */
export function fromLinear(c: number): number {
  const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return v * 255;
}

const WHITE = [0.95047, 1, 1.08883];
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
const fInv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));

/** Linear RGB (0..1) → L*a*b*. */
export function linearToLab([r, g, b]: Rgb): Lab {
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE[0]!;
  const y = (0.2126729 * r + 0.7151522 * g + 0.072175 * b) / WHITE[1]!;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE[2]!;
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

export function hexToLab(hex: string): Lab {
  return linearToLab(parseHex(hex).map(toLinear) as Rgb);
}

export function labToHex([l, a, bb]: Lab): string {
  const fy = (l + 16) / 116;
  const [x, y, z] = [fInv(fy + a / 500) * WHITE[0]!, fInv(fy) * WHITE[1]!, fInv(fy - bb / 200) * WHITE[2]!];
  const r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const g = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return toHex([r, g, b].map((c) => fromLinear(Math.min(1, Math.max(0, c)))) as Rgb);
}

/** The colour `t` (0..1) of the way from `a` to `b`, interpolated in L*a*b*. */
export function mixLab(a: string, b: string, t: number): string {
  const [la, lb] = [hexToLab(a), hexToLab(b)];
  return labToHex(la.map((v, i) => v + (lb[i]! - v) * t) as Lab);
}

/** CIE76 colour difference: Euclidean distance in L*a*b* (about 2.3 is just noticeable; 10+ is clearly different). */
export function deltaE(a: Lab, b: Lab): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
