import { describe, expect, it } from 'vitest';
import { descend } from '@/lab/studies/overshoot';
import { overshootLadder, overshootSentence } from '@/figures/overshoot/overshoot-text';
import { replayEpochs } from '@/figures/slopes/slopes-live';

describe('the overshoot slider', () => {
  it('has positions at 1, 2 and exactly where experiments 1 and 2 sit, in order', () => {
    const ladder = overshootLadder([0.86, 4.83]);
    for (const mark of [1, 2, 0.86, 4.83, 2.2]) expect(ladder).toContain(mark);
    expect(ladder).toEqual([...ladder].sort((a, b) => a - b));
    expect(ladder[0]).toBe(0.05);
    expect(ladder.at(-1)).toBe(6);
  });

  it('says the factor, the regime and where w leaves the chart', () => {
    expect(overshootSentence('en', descend(0.5, { steps: 20 }))).toMatch(/1 − η·λ = 0\.5\. Smooth/);
    expect(overshootSentence('en', descend(1.5, { steps: 20 }))).toMatch(/= −0\.5\. Zig-zag/);
    const diverging = overshootSentence('en', descend(3, { steps: 20 }));
    expect(diverging).toMatch(/= −2\. Diverges/);
    expect(diverging).toMatch(/leaves the chart at step 2\./); // |w| = 1, 2, 4: past 2.5 at step 2
  });
});

describe('which epochs a σ′ replay summarises', () => {
  it('all of a short run, about a hundred of a long one with its first and last', () => {
    expect(replayEpochs(20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const long = replayEpochs(2000);
    expect(long.length).toBeLessThanOrEqual(102);
    expect(long[0]).toBe(1);
    expect(long.at(-1)).toBe(2000);
  });
});
