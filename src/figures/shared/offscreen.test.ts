import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OffscreenPaints } from './offscreen';

/** A stand-in for the browser's IntersectionObserver: the test says what is on screen. */
class FakeObserver {
  static last: FakeObserver | null = null;
  observed: object[] = [];
  constructor(
    private readonly callback: (entries: { target: object; isIntersecting: boolean }[]) => void,
    readonly options: { rootMargin?: string } = {},
  ) {
    FakeObserver.last = this;
  }
  observe(target: object): void {
    this.observed.push(target);
  }
  disconnect(): void {
    this.observed = [];
  }
  report(target: object, isIntersecting: boolean): void {
    this.callback([{ target, isIntersecting }]);
  }
}

const element = () => ({}) as Element;

describe('OffscreenPaints', () => {
  const saved = globalThis.IntersectionObserver;
  beforeEach(() => {
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = FakeObserver;
  });
  afterEach(() => {
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = saved;
  });

  it('counts an element as near once it is within 200 px of the viewport, or the margin it is given', () => {
    new OffscreenPaints();
    expect(FakeObserver.last!.options.rootMargin).toBe('200px');
    new OffscreenPaints('50px 0px');
    expect(FakeObserver.last!.options.rootMargin).toBe('50px 0px');
  });

  it('paints at once while it does not know where the element is, and starts watching it', () => {
    const paints = new OffscreenPaints();
    const el = element();
    const done: string[] = [];
    paints.paint(el, () => done.push('a'), true);
    expect(done).toEqual(['a']);
    expect(FakeObserver.last!.observed).toEqual([el]);
  });

  it('knows where a watched element is before its first paint', () => {
    const paints = new OffscreenPaints();
    const el = element();
    const done: string[] = [];
    paints.watch([el]);
    expect(FakeObserver.last!.observed).toEqual([el]);
    FakeObserver.last!.report(el, false);
    paints.paint(el, () => done.push('frame'), true);
    expect(done).toEqual([]);
    FakeObserver.last!.report(el, true);
    expect(done).toEqual(['frame']);
    paints.watch([el]);
    expect(FakeObserver.last!.observed).toEqual([el]); // watched once
  });

  /** A keeper whose element had its first paint and then went off screen. */
  const offScreen = () => {
    const paints = new OffscreenPaints();
    const el = element();
    const done: string[] = [];
    paints.paint(el, () => done.push('first'), true);
    FakeObserver.last!.report(el, false);
    return { paints, el, done };
  };

  it('keeps only the newest paint that may wait while the element is off screen, and runs it when it comes into view', () => {
    const { paints, el, done } = offScreen();
    paints.paint(el, () => done.push('frame 1'), true);
    paints.paint(el, () => done.push('frame 2'), true);
    expect(done).toEqual(['first']);
    expect(paints.waiting(el)).toBe(true);
    FakeObserver.last!.report(el, true);
    expect(done).toEqual(['first', 'frame 2']);
    expect(paints.waiting(el)).toBe(false);
    FakeObserver.last!.report(el, true); // nothing kept any more: nothing runs twice
    expect(done).toEqual(['first', 'frame 2']);
  });

  it('runs a paint that may not wait at once, off screen or not, and drops what was kept', () => {
    const { paints, el, done } = offScreen();
    paints.paint(el, () => done.push('frame'), true);
    paints.paint(el, () => done.push('full run'), false);
    expect(done).toEqual(['first', 'full run']);
    FakeObserver.last!.report(el, true);
    expect(done).toEqual(['first', 'full run']); // the older frame never paints over the full run
  });

  it('paints in view at once, keeps each element apart, and flushes everything on demand', () => {
    const paints = new OffscreenPaints();
    const [near, far] = [element(), element()];
    const done: string[] = [];
    paints.paint(near, () => done.push('near 0'), true);
    paints.paint(far, () => done.push('far 0'), true);
    FakeObserver.last!.report(near, true);
    FakeObserver.last!.report(far, false);
    paints.paint(near, () => done.push('near 1'), true);
    paints.paint(far, () => done.push('far 1'), true);
    expect(done).toEqual(['near 0', 'far 0', 'near 1']);
    paints.flushAll();
    expect(done).toEqual(['near 0', 'far 0', 'near 1', 'far 1']);
  });

  /** A keeper watching an element that is off screen, with one paint kept for it. */
  const keptOffScreen = () => {
    const paints = new OffscreenPaints();
    const el = element();
    const done: string[] = [];
    paints.watch([el]);
    FakeObserver.last!.report(el, false);
    paints.paint(el, () => done.push('frame'), true);
    return { paints, el, done };
  };

  it('keeps a paint while a later report still finds the element off screen', () => {
    const { paints, el, done } = keptOffScreen();
    FakeObserver.last!.report(el, false);
    expect(done).toEqual([]);
    expect(paints.waiting(el)).toBe(true);
  });

  it('stops watching and forgets what it kept when disconnected', () => {
    const { paints, el, done } = keptOffScreen();
    paints.disconnect();
    expect(FakeObserver.last!.observed).toEqual([]);
    expect(paints.waiting(el)).toBe(false);
    paints.flushAll();
    expect(done).toEqual([]);
  });

  it('paints everything at once where there is no IntersectionObserver', () => {
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = undefined;
    const paints = new OffscreenPaints();
    const el = element();
    const done: number[] = [];
    paints.paint(el, () => done.push(1), true);
    paints.paint(el, () => done.push(2), true);
    expect(done).toEqual([1, 2]);
  });
});
