import { describe, expect, it } from 'vitest';
import { clsOf } from './phone';

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
