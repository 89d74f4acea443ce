// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixed, parseSeed, setHidden, setText, textRow, thinned, whenNear } from './kit';

describe('a typed seed', () => {
  it('is a whole number from 0 to 2³² − 1, spaces around it allowed', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('  7 ')).toBe(7);
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(4294967295);
  });

  it('is refused past 2³² − 1, with more than ten digits, or with anything but digits', () => {
    expect(parseSeed('4294967296')).toBeNull();
    expect(parseSeed('00000000001')).toBeNull(); // eleven digits, though the number is 1
    for (const text of ['', ' ', '-1', '1.5', '1e3', 'seven', '7a', 'a7', '0x10']) expect(parseSeed(text), text).toBeNull();
  });
});

describe('a number in a table', () => {
  it('has three significant digits unless told otherwise', () => {
    expect(fixed(0.000123456)).toBe('0.000123');
    expect(fixed(2)).toBe('2.00');
    expect(fixed(12345)).toBe('1.23e+4');
    expect(fixed(2, 5)).toBe('2.0000');
  });

  it('writes NaN, ∞ and −∞ as a reader does', () => {
    expect(fixed(NaN)).toBe('NaN');
    expect(fixed(Infinity)).toBe('∞');
    expect(fixed(-Infinity)).toBe('−∞');
  });
});

describe('a table row', () => {
  it('holds each cell as plain text, never markup', () => {
    const tr = textRow(['1', '<b>2</b>']);
    expect(tr.tagName).toBe('TR');
    expect(Array.from(tr.children, (td) => [td.tagName, td.textContent])).toEqual([
      ['TD', '1'],
      ['TD', '<b>2</b>'],
    ]);
    expect(tr.querySelector('b')).toBeNull();
  });
});

describe('a long run’s table', () => {
  const epochs = (n: number) => Array.from({ length: n }, (_, i) => ({ epoch: i + 1 }));

  it('keeps every epoch up to 200, as a copy', () => {
    const all = epochs(200);
    const rows = thinned(all);
    expect(rows).toEqual(all);
    expect(rows).not.toBe(all);
  });

  it('keeps the first, the last, and every ⌈n/100⌉-th epoch of a longer run', () => {
    // 250 epochs: every 3rd (3, 6, …, 249 is 83 of them), plus epochs 1 and 250.
    const rows = thinned(epochs(250)).map((e) => e.epoch);
    expect(rows).toHaveLength(85);
    expect(rows.slice(0, 3)).toEqual([1, 3, 6]);
    expect(rows.slice(-2)).toEqual([249, 250]);
    // 201 epochs: every 3rd again (⌈2.01⌉), 1 and 201 (itself a multiple of 3) once each.
    expect(thinned(epochs(201)).map((e) => e.epoch)).toEqual([1, ...Array.from({ length: 67 }, (_, i) => 3 * (i + 1))]);
  });
});

describe('text and visibility, written only when they change', () => {
  it('sets an element’s text, and keeps its text node when the text is the same', () => {
    const p = document.createElement('p');
    setText(p, 'Done');
    expect(p.textContent).toBe('Done');
    const node = p.firstChild;
    setText(p, 'Done');
    expect(p.firstChild).toBe(node);
    setText(p, 'Stopped');
    expect(p.textContent).toBe('Stopped');
  });

  it('shows and hides an element, touching the attribute only when that changes', async () => {
    const div = document.createElement('div');
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(div, { attributes: true });
    setHidden(div, true);
    setHidden(div, true);
    await Promise.resolve();
    expect(div.hidden).toBe(true);
    expect(records).toHaveLength(1);
    setHidden(div, false);
    await Promise.resolve();
    expect(div.hidden).toBe(false);
    expect(records).toHaveLength(2);
    observer.disconnect();
  });
});

describe('whenNear', () => {
  /** An IntersectionObserver the test reports to by hand. */
  class FakeObserver {
    static last: FakeObserver;
    observed: Element[] = [];
    disconnected = false;
    constructor(
      readonly report: (entries: Partial<IntersectionObserverEntry>[]) => void,
      readonly options: IntersectionObserverInit,
    ) {
      FakeObserver.last = this;
    }
    observe(el: Element) {
      this.observed.push(el);
    }
    disconnect() {
      this.disconnected = true;
    }
  }
  afterEach(() => vi.unstubAllGlobals());

  it('watches the element with a 400 px margin above and below', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const el = document.createElement('div');
    const observer = whenNear(el, () => {});
    expect(observer).toBe(FakeObserver.last);
    expect(FakeObserver.last.observed).toEqual([el]);
    expect(FakeObserver.last.options).toEqual({ rootMargin: '400px 0px' });
  });

  it('calls back once the element comes near, and stops watching; not before', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const then = vi.fn();
    whenNear(document.createElement('div'), then);
    const io = FakeObserver.last;
    io.report([{ isIntersecting: false }]);
    expect(then).not.toHaveBeenCalled();
    expect(io.disconnected).toBe(false);
    io.report([{ isIntersecting: false }, { isIntersecting: true }]);
    expect(then).toHaveBeenCalledOnce();
    expect(io.disconnected).toBe(true);
  });
});
