/**
 * The "exploding through time" figure's settings, its two descents and its words, shared by the
 * server (the baked figure, the prose's numbers) and the element (the live one).
 *
 * Chosen here, not in the paper: the region of (w, b) drawn, 200 steps, threshold 1, the step sizes.
 * With η = 0.5, 200 steps and threshold 1, over starts below the wall (w 3.5 … 7, up to 1 under it)
 * the clipped path ended lower than the plain one from 424 of 900 starts and higher from 1; from the
 * rest both ended alike (worked out while choosing these numbers; the tests pin the default start).
 */
import { t, type Locale } from '@/i18n/ui';
import { shareText, twoSig } from '@/lab/studies/findings';
import { descend, evaluate, foldBiases, lossSurface, PASCANU, wallBias, wallStart, type DescentPath, type SurfaceGrid } from '@/lab/recurrent/one-unit';
import { levelOf, type PathView, type SurfaceView } from '@/charts/loss-surface';
import { INK, type Scheme } from '@/charts/palette';

export const EXPLODING = {
  grid: { w: [0, 10], b: [-6, 4], cols: 100, rows: 100 } as SurfaceGrid,
  steps: 200,
  clip: 1,
  /** Step sizes η the knob offers. */
  ladder: [0.05, 0.1, 0.2, 0.5, 1, 2] as readonly number[],
  /** Below the wall at w = 6 (the wall is at b = −3.23 there): the plain path's steps climb to it and one lands on it. */
  start: { w: 6, b: -3.6 },
  lr: 0.5,
  /** An arrow key moves the start by this much; with Shift, by ten times as much. */
  key: 0.1,
  /** The darkest shade: E = (0 − 0.7)², σ(x_50) at the low attractor. */
  max: 0.49,
} as const;

export interface Start {
  w: number;
  b: number;
}

export interface Outcome {
  start: Start;
  lr: number;
  plain: DescentPath;
  clipped: DescentPath;
}

/** Both descents from a start at step size η. */
export function outcome(start: Start, lr: number): Outcome {
  const options = { lr, steps: EXPLODING.steps };
  return { start, lr, plain: descend(start, { ...options, clip: null }), clipped: descend(start, { ...options, clip: EXPLODING.clip }) };
}

/** A path's end, as run() resolves it. */
export function endOf(path: DescentPath): { w: number; b: number; loss: number } {
  const k = path.w.length - 1;
  return { w: path.w[k]!, b: path.b[k]!, loss: path.loss[k]! };
}

/** The loss surface's shades, one hex digit per cell (row 0 at the lowest b): baked into the page, so the live figure computes only paths. */
export function surfaceLevels(): string {
  return Array.from(lossSurface(EXPLODING.grid, PASCANU), (loss) => levelOf(loss, EXPLODING.max).toString(16)).join('');
}

/** The shades back from the page's digits; null when the text is not a whole map. */
export function parseLevels(text: string): Uint8Array | null {
  const { cols, rows } = EXPLODING.grid;
  if (text.length !== cols * rows || !/^[0-9a-f]*$/.test(text)) return null;
  return Uint8Array.from(text, (ch) => parseInt(ch, 16));
}

/** The nearest step size on the knob. */
export function nearestLr(lr: number): number {
  return EXPLODING.ladder.reduce((best, v) => (Math.abs(Math.log(v / lr)) < Math.abs(Math.log(best / lr)) ? v : best));
}

export interface Checked {
  start: Start;
  lr: number;
  /** What was refused, in the page's language ('' when nothing was). */
  problem: string;
}

/**
 * Options from a reader or a test, checked: a start outside the map or not a number, or a step size
 * that is not a positive number, falls back to the default, and `problem` says which.
 */
export function check(locale: Locale, input: { w?: unknown; b?: unknown; lr?: unknown }, current: { start: Start; lr: number }): Checked {
  const { grid } = EXPLODING;
  const refused: string[] = [];
  const within = (v: unknown, [lo, hi]: readonly [number, number], name: string, fallback: number): number => {
    if (v === undefined) return fallback;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v.replace('−', '-')) : v;
    if (typeof n === 'number' && Number.isFinite(n) && n >= lo && n <= hi) return n;
    refused.push(t(locale, 'exRange', { name, lo: minus(lo), hi: minus(hi) }));
    return name === 'w' ? EXPLODING.start.w : EXPLODING.start.b;
  };
  const w = within(input.w, grid.w, 'w', current.start.w);
  const b = within(input.b, grid.b, 'b', current.start.b);
  let lr = current.lr;
  if (input.lr !== undefined) {
    const n = typeof input.lr === 'string' ? Number(input.lr) : input.lr;
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) lr = nearestLr(n);
    else {
      refused.push(t(locale, 'exLrRefused', { values: EXPLODING.ladder.join(', ') }));
      lr = EXPLODING.lr;
    }
  }
  const problem = refused.length ? t(locale, 'exRefused', { what: refused.join(locale === 'en' ? '; ' : '；') }) : '';
  return { start: { w, b }, lr, problem };
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** A large number as the prose writes it: 2.9 × 10⁷. */
export function powerText(v: number): string {
  const e = Math.floor(Math.log10(v));
  return `${Number((v / 10 ** e).toPrecision(2))} × 10${String(e).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!)}`;
}

const minus = (v: number) => String(v).replace(/^-/, '−');
const coord = (v: number) => (Math.abs(v) >= 1e5 ? twoSig(v) : minus(Number(v.toFixed(2))));

const onMap = (path: DescentPath) => {
  const e = endOf(path);
  const { w, b } = EXPLODING.grid;
  return e.w >= w[0] && e.w <= w[1] && e.b >= b[0] && e.b <= b[1];
};

/** One path's line in the readout: where it ended, its loss there, and what made it so. */
export function pathSentence(locale: Locale, path: DescentPath, clipped: boolean): string {
  const e = endOf(path);
  const name = clipped ? t(locale, 'exClipped', { clip: EXPLODING.clip }) : t(locale, 'exPlain');
  const steps = path.w.length - 1;
  const where = t(locale, onMap(path) ? 'exEnd' : 'exEndOff', { name, steps, loss: twoSig(e.loss), w: coord(e.w), b: coord(e.b) });
  const how = clipped ? t(locale, 'exClippedCount', { n: path.clipped, steps }) : t(locale, 'exLongest', { step: twoSig(path.longest) });
  return `${where}${how}`;
}

/** The start and step size, for the map's label and the status line. */
export const startText = (locale: Locale, o: Pick<Outcome, 'start' | 'lr'>): string => t(locale, 'exStartText', { w: coord(o.start.w), b: coord(o.start.b), lr: o.lr });

/** The numbers the prose quotes (`<FigNum fig="exploding-through-time" q="…">`), from the default start's descents. */
export function explodingQuotes(o: Outcome): Record<string, string> {
  const plain = endOf(o.plain);
  const clipped = endOf(o.clipped);
  const norms = Array.from(o.plain.norm);
  const hit = norms.reduce((a, v) => Math.max(a, v), 0);
  // The first step whose gradient clipping would cut, and the largest gradient on the way to it.
  const first = norms.findIndex((n) => n > EXPLODING.clip);
  const before = norms.slice(0, first < 0 ? norms.length : first).reduce((a, v) => Math.max(a, v), 0);
  // Where that step is taken, and the most fifty steps can multiply a gradient by at its w: each
  // slope w·σ′(x) is at most w/4 (σ′ ≤ ¼), whatever the state does.
  const hitW = first < 0 ? Number.NaN : o.plain.w[first]!;
  const hitB = first < 0 ? Number.NaN : o.plain.b[first]!;
  // The clipped path's loss over its last 50 steps: it rocks in the valley rather than settling.
  const tail = Array.from(o.clipped.loss.subarray(Math.max(0, o.clipped.loss.length - 50)));
  return {
    startW: coord(o.start.w),
    startB: coord(o.start.b),
    lr: String(o.lr),
    plainLoss: twoSig(plain.loss),
    clippedLoss: twoSig(clipped.loss),
    plainW: coord(plain.w),
    plainB: coord(plain.b),
    plainNorm: twoSig(hit),
    startNorm: twoSig(o.plain.norm[0]),
    hitStep: first < 0 ? '–' : String(first),
    beforeNorm: twoSig(before),
    plainLongest: twoSig(o.plain.longest),
    clippedCount: String(o.clipped.clipped),
    steps: String(EXPLODING.steps),
    clip: String(EXPLODING.clip),
    longestClipped: twoSig(o.lr * EXPLODING.clip),
    hitW: first < 0 ? '–' : coord(hitW),
    hitB: first < 0 ? '–' : coord(hitB),
    hitSlopeMax: first < 0 ? '–' : (hitW / 4).toFixed(3),
    hitGainMax: first < 0 ? '–' : twoSig((hitW / 4) ** PASCANU.steps),
    clippedLow: shareText(Math.min(...tail)),
    clippedHigh: shareText(Math.max(...tail)),
    ...WALL_QUOTES,
  };
}

/**
 * The wall's numbers the prose's fold quotes, which no reader's move changes: at w = 6 (the default
 * start's), where the wall is, the slope w·σ′(x_0) a step multiplies the gradient by while the state
 * sits at x_0, fifty of them, the gradient measured on the wall and 0.01 beside it; and the band of
 * three fixed points at w = 5; where the wall begins; and the two sides of the wall at w = 5, 0.1
 * below and above it (σ(x_50) and the loss).
 */
const WALL_QUOTES: Record<string, string> = (() => {
  const w = EXPLODING.start.w;
  const s = 1 / (1 + Math.exp(-PASCANU.x0));
  const slope = w * s * (1 - s);
  const [lo, hi] = foldBiases(5)!;
  const side = (d: number) => {
    const e = evaluate(5, wallBias(5) + d);
    return { out: twoSig(1 / (1 + Math.exp(-e.xT))), loss: twoSig(e.loss) };
  };
  const low = side(-0.1);
  const high = side(0.1);
  return {
    wallStart: wallStart().toFixed(2),
    sideW: '5',
    sideGap: '0.1',
    lowOut: low.out,
    lowLoss: low.loss,
    highOut: high.out,
    highLoss: high.loss,
    wallW: String(w),
    wallB: twoSig(wallBias(w)),
    wallSlope: twoSig(slope),
    wallGain: powerText(slope ** PASCANU.steps),
    wallNorm: powerText(evaluate(w, wallBias(w)).norm),
    besideNorm: twoSig(evaluate(w, wallBias(w) - 0.01).norm),
    foldLo: twoSig(lo),
    foldHi: twoSig(hi),
  };
})();

/** What the map shows, for the live canvas and the baked SVG alike. */
export function surfaceView(levels: Uint8Array, scheme: Scheme, say: (key: 'exAxisW' | 'exAxisB' | 'exWall' | 'exScale') => string): SurfaceView {
  const { grid } = EXPLODING;
  return {
    domain: grid,
    levels,
    cols: grid.cols,
    rows: grid.rows,
    max: EXPLODING.max,
    // The line is a wall only where the slope at x_0 passes 1 (w > 1/σ′(x_0) ≈ 4.26): drawn from there.
    wall: { from: wallStart(), b: (w) => wallBias(w) },
    scheme,
    labels: { w: say('exAxisW'), b: say('exAxisB'), wall: say('exWall'), scale: say('exScale') },
    ticks: { w: [0, 2, 4, 6, 8, 10], b: [-6, -4, -2, 0, 2, 4] },
  };
}

/** The two paths as drawn: plain solid in the second accent, clipped dashed in the first (dashed, as in Pascanu et al.'s figure of the error surface). */
export function pathViews(o: Outcome, scheme: Scheme): PathView[] {
  const ink = INK[scheme];
  return [
    { w: o.plain.w, b: o.plain.b, colour: ink.accent2 },
    { w: o.clipped.w, b: o.clipped.b, colour: ink.accent, dash: [5, 3] },
  ];
}
