import { describe, expect, it } from 'vitest';
import { evaluate, type DescentPath } from '@/lab/recurrent/one-unit';
import { check, EXPLODING, explodingQuotes, nearestLr, outcome, parseLevels, pathSentence, powerText, surfaceLevels, surfaceView } from './exploding-text';

/** A path written out by hand (only its points, losses, norms and counts are read). */
function path(points: [number, number, number][], clipped = 0, longest = 0): DescentPath {
  return {
    w: Float64Array.from(points, (p) => p[0]),
    b: Float64Array.from(points, (p) => p[1]),
    loss: Float64Array.from(points, (p) => p[2]),
    norm: new Float64Array(points.length),
    clipped,
    longest,
  };
}

const here = { start: EXPLODING.start, lr: EXPLODING.lr };

describe('the figure’s options, checked', () => {
  it('takes a start on the map and a step size, the latter moved to the knob’s nearest', () => {
    expect(check('en', { w: 5, b: '-2.5', lr: 0.45 }, here)).toEqual({ start: { w: 5, b: -2.5 }, lr: 0.5, problem: '' });
    expect(nearestLr(0.07)).toBe(0.05); // log-nearest: 0.07/0.05 = 1.4 < 0.1/0.07 = 1.43
    expect(nearestLr(100)).toBe(2);
  });

  it('reads a typographic minus sign as a minus', () => {
    expect(check('en', { b: '−3' }, here).start.b).toBe(-3);
  });

  it('keeps what it is not given from the current settings', () => {
    expect(check('en', { w: 2 }, { start: { w: 1, b: 1 }, lr: 0.1 })).toEqual({ start: { w: 2, b: 1 }, lr: 0.1, problem: '' });
  });

  it('falls back to the default for a start off the map or not a number, and says why in the page’s language', () => {
    const bad = check('en', { w: 11, b: 'abc' }, { start: { w: 1, b: 1 }, lr: 0.1 });
    expect(bad.start).toEqual(EXPLODING.start);
    expect(bad.problem).toBe('Not used: w must be a number from 0 to 10; b must be a number from −6 to 4. Showing the default instead.');
    expect(check('zh-tw', { w: Number.NaN }, here).problem).toBe('無法採用：w 必須是 0 到 10 之間的數字。改用預設值。');
  });

  it('refuses a step size that is not a positive number', () => {
    const bad = check('en', { lr: -1 }, { start: { w: 1, b: 1 }, lr: 0.1 });
    expect(bad.lr).toBe(EXPLODING.lr);
    expect(bad.problem).toContain('the learning rate must be a positive number (the knob offers 0.05, 0.1, 0.2, 0.5, 1, 2)');
  });
});

describe('the baked map', () => {
  it('is one shade digit per cell, and reads back', () => {
    const text = surfaceLevels();
    expect(text).toHaveLength(EXPLODING.grid.cols * EXPLODING.grid.rows);
    const levels = parseLevels(text)!;
    // The cell at w = 0.05, b = −5.95 (row 0, col 0) is deep on the low plateau: the darkest shade.
    // E there, by the module, is near 0.49; √(E/0.49) ≥ 15/16 ⇔ E ≥ 0.43.
    expect(evaluate(0.05, -5.95).loss).toBeGreaterThan(0.43);
    expect(levels[0]).toBe(15);
    // The cell holding w = 0.05, b = ln(7/3) = 0.847 is where σ(x_50) ≈ 0.7: the palest shade.
    // Row of b = 0.847: (0.847 + 6) / 0.1 = 68.5, so row 68 (b = 0.85 at its centre).
    expect(levels[68 * 100]).toBe(0);
    // The top right cell (w = 9.95, b = 3.95) is on the high plateau, E ≈ (1 − 0.7)² = 0.09:
    // √(0.09 / 0.49) = 3/7, and 16 · 3/7 = 6.86, so shade 6 of 0 … 15.
    expect(levels[99 * 100 + 99]).toBe(6);
  });

  it('draws the dotted wall from where the wall begins, w = 1/σ′(0.5) = 4.2553, not from the cusp at 4', () => {
    // The legend's wall: the unstable fixed point passes through x_0 = 0.5, which needs the slope
    // w·σ′(0.5) > 1. σ(0.5) = 1/(1 + e^−0.5) = 1/1.6065307 = 0.6224593; σ′(0.5) = 0.6224593·0.3775407
    // = 0.2350037; 1/0.2350037 = 4.255252.
    const view = surfaceView(new Uint8Array(EXPLODING.grid.cols * EXPLODING.grid.rows), 'light', (key) => key);
    expect(view.wall.from).toBeCloseTo(4.255252, 5);
    expect(explodingQuotes(outcome(EXPLODING.start, EXPLODING.lr))['wallStart']).toBe('4.26');
  });

  it('refuses text that is not a whole map', () => {
    expect(parseLevels('0f')).toBeNull();
    expect(parseLevels('g'.repeat(10_000))).toBeNull();
  });
});

describe('the readout', () => {
  it('says where a path ended, its loss, and its longest step', () => {
    const p = path([[6, -3.6, 0.42], [7.166, 3.04, 0.0899]], 0, 5.96);
    expect(pathSentence('en', p, false)).toBe('Plain gradient descent: after 1 steps the loss is 0.09, at w = 7.17, b = 3.04; its longest step was 6.');
    expect(pathSentence('zh-tw', p, false)).toBe('一般梯度下降：1 步之後 loss 為 0.09，停在 w = 7.17、b = 3.04；最長的一步是 6。');
  });

  it('says a path left the map, and how many steps clipping touched', () => {
    const p = path([[6, -3.6, 0.42], [26.02, 33.94, 0.09]], 2);
    expect(pathSentence('en', p, true)).toBe('Gradient clipping at ‖g‖ = 1: thrown off the map, to w = 26.02, b = 33.94; after 1 steps the loss is 0.09; steps clipped: 2 of 1.');
  });

  it('writes large numbers as powers of ten', () => {
    expect(powerText(2.93e7)).toBe('2.9 × 10⁷');
    expect(powerText(3.04e6)).toBe('3 × 10⁶');
    expect(powerText(12)).toBe('1.2 × 10¹');
  });
});

describe('the default start (below the wall at w = 6, η = 0.5)', () => {
  // Why the plain path must end high: on the wall the gradient is over 10 (the lab's tests), so one
  // plain step is over 5 long and leaves the wall's neighbourhood; beyond it, above the wall, σ(x_50) → 1
  // and E → (1 − 0.7)² = 0.09 with a gradient near 0. The clipped path moves at most η·1 = 0.5 a step.
  const o = outcome(EXPLODING.start, EXPLODING.lr);

  it('throws the plain path onto the high plateau, E within 0.01 of (1 − 0.7)² = 0.09', () => {
    expect(o.plain.longest).toBeGreaterThan(5);
    expect(Math.abs(o.plain.loss.at(-1)! - 0.09)).toBeLessThan(0.01);
  });

  it('brings the clipped path lower, never stepping further than η·threshold', () => {
    expect(o.clipped.longest).toBeLessThanOrEqual(0.5 + 1e-12);
    expect(o.clipped.loss.at(-1)!).toBeLessThan(0.01);
    expect(o.clipped.clipped).toBeGreaterThan(0);
  });

  it('quotes the wall’s numbers the fold derives by hand', () => {
    const q = explodingQuotes(o);
    // b = 0.5 − 6·σ(0.5) = 0.5 − 3.7348 = −3.23; slope 6·σ′(0.5) = 6·0.23500 = 1.41; 1.41^50 = 2.9e7.
    expect(q['wallB']).toBe('−3.2');
    expect(q['wallSlope']).toBe('1.4');
    expect(q['wallGain']).toBe('2.9 × 10⁷');
    // The band of three fixed points at w = 5 (one-unit.test.ts works it out): −2.656 … −2.344.
    expect(q['foldLo']).toBe('−2.7');
    expect(q['foldHi']).toBe('−2.3');
  });

  it('quotes the two sides of the wall at w = 5, 0.1 below and above it, as a plain float64 loop gives them', () => {
    // Written apart from the module: iterate x ← 5·σ(x) + b fifty times from 0.5 with Math.exp.
    const out = (b: number) => {
      let x = 0.5;
      for (let t = 0; t < 50; t++) x = 5 / (1 + Math.exp(-x)) + b;
      return 1 / (1 + Math.exp(-x));
    };
    const line = 0.5 - 5 / (1 + Math.exp(-0.5)); // −2.6123
    const q = explodingQuotes(o);
    // Below: the low state, σ(x_50) ≈ 0.098 and E = (0.098 − 0.7)² ≈ 0.36 (a reviewer's NumPy: 0.34–0.44 for w = 5–6).
    expect(q['lowOut']).toBe(String(Number(out(line - 0.1).toPrecision(2))));
    expect(q['lowLoss']).toBe(String(Number(((out(line - 0.1) - 0.7) ** 2).toPrecision(2))));
    // Above: the high state, but near the target: σ(x_50) ≈ 0.85, E ≈ 0.023 (the reviewer's: 0.01–0.04).
    expect(q['highOut']).toBe(String(Number(out(line + 0.1).toPrecision(2))));
    expect(q['highLoss']).toBe(String(Number(((out(line + 0.1) - 0.7) ** 2).toPrecision(2))));
    expect(Number(q['highLoss'])).toBeLessThan(0.04);
    expect(Number(q['lowLoss'])).toBeGreaterThan(0.3);
  });

  it('quotes where the plain path is thrown: at the wall’s foot, short of where the dotted line begins', () => {
    const q = explodingQuotes(o);
    // A reviewer's own NumPy descent: step 108, from (4.180, −2.110), gradient 11.9.
    expect(q['hitStep']).toBe('108');
    expect(q['hitW']).toBe('4.18');
    expect(q['hitB']).toBe('−2.11');
    expect(Number(q['hitW'])).toBeLessThan(Number(q['wallStart']));
    // No slope w·σ′(x) exceeds w/4 there: 4.1796/4 = 1.0449, and 1.0449⁵⁰ = e^(50·0.04392) = e^2.196 = 9.0.
    expect(q['hitSlopeMax']).toBe('1.045');
    expect(q['hitGainMax']).toBe('9');
  });

  it('quotes the range the clipped path’s loss rocks over in its last 50 steps, the last value inside it', () => {
    const q = explodingQuotes(o);
    const tail = Array.from(o.clipped.loss.slice(-50));
    expect(Math.min(...tail)).toBeLessThanOrEqual(o.clipped.loss.at(-1)!);
    expect(q['clippedLow']).toBe(Math.min(...tail).toExponential(1).replace('e-', 'e−'));
    expect(q['clippedHigh']).toBe(Math.max(...tail).toExponential(1).replace('e-', 'e−'));
  });
});
