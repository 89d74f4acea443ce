import { describe, expect, it } from 'vitest';
import type { Descent } from '@/lab/studies/overshoot';
import { descentRows, overshootLadder, overshootSentence, regimeText, valueText } from './overshoot-text';

/** A descent written out by hand: w_k = factor^k from w_0 = 1 (the loss is not read by the words). */
function descent(factor: number, steps: number, regime: Descent['regime'], w0 = 1): Descent {
  const w = Float64Array.from({ length: steps + 1 }, (_, k) => w0 * factor ** k);
  return { w, loss: new Float64Array(steps + 1), factor, regime };
}

describe('the overshoot slider’s positions', () => {
  it('steps by 0.05 from 0.05 to 6, each a two-decimal number (0.15, not 0.15000000000000002)', () => {
    const ladder = overshootLadder([]);
    expect(ladder).toHaveLength(120);
    expect(ladder.slice(0, 6)).toEqual([0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(ladder.at(-1)).toBe(6);
  });

  it('adds the marks rounded to two decimals, once, in numeric order', () => {
    const ladder = overshootLadder([4.834, 1, 0.86, 12]);
    // 1 is on the grid already; 4.834 becomes 4.83; 12 is past the end and comes last (not between 1.95 and 2).
    expect(ladder).toHaveLength(123);
    expect(ladder.filter((v) => v === 1)).toHaveLength(1);
    expect(ladder).toContain(4.83);
    expect(ladder).not.toContain(4.834);
    expect(ladder.indexOf(0.86)).toBe(ladder.indexOf(0.85) + 1);
    expect(ladder.at(-1)).toBe(12);
  });
});

describe('the overshoot figure’s words', () => {
  it('names the regime in the page’s language', () => {
    expect(regimeText('en', { regime: 'zigzag' })).toBe('zig-zag: w changes sign every step and still shrinks');
    expect(regimeText('zh-tw', { regime: 'edge' })).toBe('邊界：w 在 +1 和 −1 之間永遠來回');
  });

  it('gives the slider’s position with its regime to a screen reader', () => {
    expect(valueText('en', 2.2, { regime: 'diverge' })).toBe('η·λ = 2.2: diverges: every step overshoots further than the last');
    expect(valueText('zh-tw', 0.5, { regime: 'smooth' })).toBe('η·λ = 0.5：平順：w 朝 0 縮小，正負號不變');
  });

  it('says the factor, the regime capitalised, |w| after the last step, and the step where w leaves the chart', () => {
    // (−1.2)^k: |w| = 1.2, 1.44, 1.728, 2.0736, 2.48832, 2.985984: past 2.5 first at step 6.
    const d = descent(-1.2, 6, 'diverge');
    expect(overshootSentence('en', d)).toBe(
      'Each step multiplies w by 1 − η·λ = −1.2. Diverges: every step overshoots further than the last. After 6 steps |w| = 3. w leaves the chart at step 6.',
    );
    expect(overshootSentence('zh-tw', d)).toBe('每一步都把 w 乘上 1 − η·λ = −1.2。發散：每一步都衝得比上一步更遠。6 步之後 |w| = 3。w 在第 6 步衝出圖外。');
  });

  it('says nothing about leaving the chart while w stays on it', () => {
    expect(overshootSentence('en', descent(0.5, 3, 'smooth'))).toBe(
      'Each step multiplies w by 1 − η·λ = 0.5. Smooth: w shrinks towards 0 without changing sign. After 3 steps |w| = 0.13.',
    );
  });

  it('counts |w| = 2.5, the chart’s edge, as still on the chart', () => {
    // (−2.5)^k: |w| = 2.5 at step 1 (on the edge), 6.25 at step 2.
    expect(overshootSentence('en', descent(-2.5, 2, 'diverge'))).toMatch(/ w leaves the chart at step 2\.$/);
  });

  it('does not call a start beyond the chart a step where w leaves it', () => {
    expect(overshootSentence('en', descent(0.5, 2, 'smooth', 3))).not.toContain('leaves the chart');
  });

  it('tabulates each step k with its w, negative numbers with a minus sign', () => {
    expect(descentRows(descent(-0.5, 2, 'zigzag'))).toEqual([
      ['0', '1'],
      ['1', '−0.5'],
      ['2', '0.25'],
    ]);
  });
});
