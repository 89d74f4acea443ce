import { describe, expect, it } from 'vitest';
import { clsOf, phoneMarkdown, summarizeLighthouse, type LighthouseScore } from './phone';

describe('clsOf (web-vitals CLS: the largest session window)', () => {
  it('sums shifts less than 1 s apart into one window', () => {
    // 0.01 + 0.02 + 0.03 at 0, 0.5 s and 1.2 s: each within 1 s of the last.
    expect(clsOf([{ value: 0.01, at: 0 }, { value: 0.02, at: 500 }, { value: 0.03, at: 1200 }]).cls).toBeCloseTo(0.06, 12);
  });

  it('starts a new window after a gap of more than 1 s and keeps the largest', () => {
    // Windows {0.01, 0.02} = 0.03 and {0.04} = 0.04 (2.1 s later); all summed: 0.07.
    const r = clsOf([{ value: 0.01, at: 0 }, { value: 0.02, at: 900 }, { value: 0.04, at: 3000 }]);
    expect(r.cls).toBeCloseTo(0.04, 12);
    expect(r.total).toBeCloseTo(0.07, 12);
  });

  it('closes a window 5 s after it opened even without a gap', () => {
    // Every 0.8 s for 6.4 s: the window from 0 holds 0 … 4.8 s (7 shifts), the next one opens at 5.6 s.
    const shifts = Array.from({ length: 9 }, (_, i) => ({ value: 0.01, at: i * 800 }));
    expect(clsOf(shifts).cls).toBeCloseTo(0.07, 12);
  });

  it('is 0 without shifts', () => {
    expect(clsOf([])).toEqual({ cls: 0, total: 0 });
  });
});

describe('Lighthouse over several runs', () => {
  const run = (performance: number | null, tbtMs: number | null, cls: number | null, error?: string): LighthouseScore => ({ page: '/p/', performance, tbtMs, cls, ...(error ? { error } : {}) });

  it('reports the median score and TBT, the largest CLS, and every run in order', () => {
    const s = summarizeLighthouse('/p/', [run(93, 317, 0), run(97, 158, 0.004), run(95, 210, 0.001)]);
    expect(s).toEqual({ page: '/p/', performance: 95, tbtMs: 210, cls: 0.004, runs: [93, 97, 95] });
  });

  it('leaves a failed run out of the median and names the failure; all failed gives no score, never a fast one', () => {
    const some = summarizeLighthouse('/p/', [run(90, 400, 0), run(null, null, null, 'NO_FCP'), run(94, 300, 0)]);
    expect([some.performance, some.tbtMs, some.runs]).toEqual([92, 350, [90, null, 94]]);
    expect(some.error).toBe('1 of 3 runs failed: NO_FCP');
    const none = summarizeLighthouse('/p/', [run(null, null, null, 'timeout'), run(null, null, null, 'timeout')]);
    expect([none.performance, none.tbtMs, none.cls]).toEqual([null, null, null]);
    expect(none.error).toBe('2 of 2 runs failed: timeout');
    expect(phoneMarkdown({ lighthouse: [none] })).toContain('| /p/ | – | –, – | – | – | 2 of 2 runs failed: timeout');
  });

  it('says in the table how many runs each median is of', () => {
    const md = phoneMarkdown({ lighthouse: [summarizeLighthouse('/p/', [run(93, 317, 0), run(97, 158, 0), run(95, 210, 0)])] });
    expect(md).toContain('median of 3 runs per page');
    expect(md).toContain('| /p/ | 95 | 93, 97, 95 | 210 | 0.000 |');
  });
});

