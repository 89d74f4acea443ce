import { describe, expect, it } from 'vitest';
import { preset } from '@/lab/engine/config';
import { kerasSource } from './keras';

const CJK = /[\u4e00-\u9fff]/;
const comments = (source: string) => source.split('\n').flatMap((line) => (line.includes('#') ? [line.slice(line.indexOf('#'))] : []));

describe('the Keras listing beside each experiment', () => {
  it('speaks the page’s language in its comments, as the source post’s listing did, and only there', () => {
    const en = kerasSource(preset('exp1'), 'en');
    const zh = kerasSource(preset('exp1'), 'zh-tw');
    expect(en).not.toMatch(CJK);
    for (const c of comments(zh)) expect(c, c).toMatch(CJK);
    // The code itself is the same program in both languages.
    const code = (s: string) => s.split('\n').map((line) => line.replace(/\s*#.*$/, ''));
    expect(code(zh)).toEqual(code(en));
  });

  it('states the noise as a share of the inputs’ range, computed (the source said 5 % for both; 0.1 of [0, 4] is 2.5 %)', () => {
    // By hand: experiment 1, sd 0.05 over [0, 1] → 5 %; experiment 2, sd 0.1 over [0, 4] → 2.5 %.
    expect(kerasSource(preset('exp1'), 'zh-tw')).toContain('noise 的標準差 0.05，是樣本區間的 5%');
    expect(kerasSource(preset('exp2'), 'zh-tw')).toContain('noise 的標準差 0.1，是樣本區間的 2.5%');
    expect(kerasSource(preset('exp2'), 'zh-tw')).toContain('# 介於 [0, 4] 之間的樣本');
    // A range that does not start at 0: sd 0.1 over [-1, 1] (width 2) → 5 %.
    const wide = preset('exp1');
    expect(kerasSource({ ...wide, data: { ...wide.data, lo: -1, hi: 1, noiseSd: 0.1 } }, 'zh-tw')).toContain('是樣本區間的 5%');
  });

  it('names ACT only for the deep net, with the activation it runs', () => {
    expect(kerasSource(preset('exp1'), 'en')).not.toContain('ACT');
    expect(kerasSource(preset('exp3'), 'zh-tw')).toMatch(/^ACT = 'sigmoid' {2}# 也可以試試/m);
    expect(kerasSource(preset('exp3', { activation: 'relu' }), 'en')).toMatch(/^ACT = 'relu' {2}# also try/m);
  });
});
