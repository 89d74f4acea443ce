import { describe, expect, it } from 'vitest';
import { attribute, percentile, type DragPaint, type DragRequest } from './latency.ts';

/** Input events at 16 ms intervals with these values, then the release at the last one. */
function drag(values: number[]): DragRequest[] {
  const inputs = values.map((value, i): DragRequest => ({ kind: 'input', value, at: i * 16, pointerAt: i * 16 - 2 }));
  return [...inputs, { kind: 'change', value: values.at(-1)!, at: values.length * 16, pointerAt: null }];
}

/** A paint of `value` in the frame starting at `at`, ending 10 ms later; `postedAt`: when its run was posted (none: no stamp). */
const paint = (value: number, at: number, postedAt?: number, quick = true): DragPaint => ({
  value,
  status: 'done',
  frame: at,
  start: at,
  end: at + 2,
  frameEnd: at + 10,
  run: postedAt === undefined ? null : { runId: 1, quick, postedAt, doneAt: at - 1, totalMs: 5, handleMs: 0.1 },
});

describe('which paint answered which input event', () => {
  it('gives each painted value the latency from its input event to the end of its frame, and counts the superseded ones as skipped', () => {
    // 0.01 painted; 0.02 superseded by 0.03 before its run started; 0.03 painted; the release's full run of 0.03 painted.
    const requests = drag([0.01, 0.02, 0.03]);
    const a = attribute(requests, [paint(0.01, 20), paint(0.03, 50), paint(0.03, 70)]);
    expect(a.problems).toEqual([]);
    expect(a.answered.map((x) => [x.request, x.latency])).toEqual([
      [0, 30],
      [2, 28],
      [3, 32],
    ]);
    expect(a.answered[0]!.pointerLatency).toBe(32);
    expect(a.skipped).toEqual([1]);
  });

  it('fails a drag that painted an older value after a newer one', () => {
    const a = attribute(drag([0.01, 0.02, 0.03]), [paint(0.02, 40), paint(0.01, 50), paint(0.03, 70)]);
    expect(a.problems.join()).toMatch(/painted 0.01 .* after 0.02 .*an older value after a newer one/);
  });

  it('fails a drag whose final value never painted', () => {
    const a = attribute(drag([0.01, 0.02, 0.03]), [paint(0.01, 20), paint(0.02, 40)]);
    expect(a.problems).toEqual(['the final value 0.03 never painted']);
    expect(a.skipped).toEqual([2]);
  });

  it('fails a drag whose last value painted but whose release never brought the full run', () => {
    const a = attribute(drag([0.01, 0.02, 0.03]), [paint(0.01, 20), paint(0.03, 50)]);
    expect(a.problems).toEqual(['the full run of the final value 0.03 never painted after the release']);
  });

  it('does not answer an input event with a paint from before it', () => {
    // 0.01 comes back after the sweep turns: the paint at 20 ms answers the first one, not the later one.
    const requests = drag([0.01, 0.02, 0.01]);
    const a = attribute(requests, [paint(0.01, 20), paint(0.01, 50), paint(0.01, 70)]);
    expect(a.answered.map((x) => x.request)).toEqual([0, 2, 3]);
    expect(a.skipped).toEqual([1]);
  });

  it('answers the request a paint’s run was started for, which tells the last input from the release asking for the same value', () => {
    // 0.03's input was superseded by the release before its run started: the full run answers the release.
    const requests = drag([0.01, 0.02, 0.03]);
    const a = attribute(requests, [paint(0.01, 20, 1), paint(0.03, 70, 49, false)]);
    expect(a.problems).toEqual([]);
    expect(a.answered.map((x) => x.request)).toEqual([0, 3]);
    expect(a.skipped).toEqual([1, 2]);
  });

  it('answers the last input with its quick run even when the release shares its timestamp and came before the run was posted', () => {
    // Chromium dispatches the last move's input and the release's change from one pointer event, with one timestamp.
    const requests: DragRequest[] = [
      { kind: 'input', value: 0.01, at: 0, pointerAt: 0 },
      { kind: 'input', value: 0.012, at: 30, pointerAt: 30 },
      { kind: 'change', value: 0.012, at: 30, pointerAt: null },
    ];
    const a = attribute(requests, [paint(0.01, 20, 1), paint(0.012, 50, 32), paint(0.012, 70, 45, false)]);
    expect(a.problems).toEqual([]);
    expect(a.answered.map((x) => x.request)).toEqual([0, 1, 2]);
  });

  it('fails a paint whose run was started for another value, and one whose run is older than the last one painted', () => {
    expect(attribute(drag([0.01, 0.02]), [paint(0.01, 20, 17), paint(0.02, 70, 33, false)]).problems).toEqual(['painted 0.01 from a run started when the slider asked for 0.02']);
    const backwards = attribute(drag([0.01, 0.02, 0.03]), [paint(0.02, 40, 17), paint(0.01, 60, 1)]);
    expect(backwards.problems[0]).toBe('painted 0.01 (asked for at 0 ms) after 0.02 (asked for at 16 ms): an older value after a newer one');
  });
});

describe('percentiles', () => {
  it('take the nearest rank and leave out what is not a number', () => {
    const values = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(38);
    expect(percentile(values, 50)).toBe(20);
    expect(percentile([NaN, 3], 95)).toBe(3);
    expect(percentile([], 95)).toBeNaN();
  });
});
