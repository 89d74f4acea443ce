/**
 * Paints that can wait while their part of a figure is off screen. A drag repaints a figure up to
 * sixty times a second, but on most screens only the controls and the console are in view while a
 * slider moves; the charts and panels further down need only their newest state, and only when the
 * reader scrolls to them. A paint marked `mayWait` (a frame of a drag) for an element that is known
 * to be off screen is kept instead of run: a newer one replaces it, and the element runs the last
 * one when it comes within `margin` of the viewport. Any other paint runs at once and drops what was
 * kept, so the run a reader lets go on always paints everything (bench/README.md, "Latest run").
 */
export class OffscreenPaints {
  /** Whether each observed element intersects the viewport (plus the margin); unknown counts as visible. */
  #visible = new WeakMap<Element, boolean>();
  #kept = new Map<Element, () => void>();
  #observer: IntersectionObserver | null;

  constructor(margin = '200px') {
    this.#observer =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver(
            (entries) => {
              for (const entry of entries) {
                this.#visible.set(entry.target, entry.isIntersecting);
                if (entry.isIntersecting) this.#flush(entry.target);
              }
            },
            { rootMargin: margin },
          )
        : null;
  }

  /** Starts watching elements ahead of their first paint, so that a drag's first frame already knows where they are. */
  watch(elements: Iterable<Element>): void {
    for (const element of elements) {
      if (!this.#observer || this.#visible.has(element)) continue;
      this.#visible.set(element, true); // until the observer's first report
      this.#observer.observe(element);
    }
  }

  /** Runs `paint` for `element` now, or keeps it while `mayWait` and the element is off screen. */
  paint(element: Element, paint: () => void, mayWait: boolean): void {
    this.watch([element]);
    if (mayWait && this.#visible.get(element) === false) {
      this.#kept.set(element, paint);
      return;
    }
    this.#kept.delete(element);
    paint();
  }

  /** Is a paint for `element` being kept? */
  waiting(element: Element): boolean {
    return this.#kept.has(element);
  }

  /** Runs every kept paint now. */
  flushAll(): void {
    for (const element of [...this.#kept.keys()]) this.#flush(element);
  }

  disconnect(): void {
    this.#observer?.disconnect();
    this.#kept.clear();
  }

  #flush(element: Element): void {
    const paint = this.#kept.get(element);
    if (!paint) return;
    this.#kept.delete(element);
    paint();
  }
}
