/**
 * What the "why" figures (issue 14) share in the page: loading a figure's code only when it comes
 * near, and rewriting the prose's numbers (<FigNum>) when a figure is recomputed.
 */
import { whenNear } from './kit';

/**
 * Defines a figure's custom element once any element of `tag` comes near the viewport: its code
 * (and the chart code it imports) is not fetched before then, so a reader who never scrolls there
 * pays nothing. Until then the element shows its baked HTML.
 */
export function defineWhenNear(tag: string, load: () => Promise<unknown>): void {
  let loading = false;
  const start = () => {
    if (loading || customElements.get(tag)) return;
    loading = true;
    void load();
  };
  for (const el of document.querySelectorAll(tag)) whenNear(el, start);
}

/** Rewrites the prose's quoted numbers of `figure` (every `<FigNum fig={figure}>`). */
export function updateFigNums(figure: string, quotes: Record<string, string>): void {
  for (const el of document.querySelectorAll<HTMLElement>(`[data-fig-num="${figure}"]`)) {
    const value = quotes[el.dataset['q'] ?? ''];
    if (value !== undefined) el.textContent = value;
  }
}

/** The "Figure 6" of a figure element, as its caption says it ('' when it has none). */
export function figureName(el: Element | null): string {
  return el?.querySelector('.fig-number')?.textContent?.trim() ?? '';
}

/** A canvas sized to `width` × `height` CSS pixels at the screen's density, its context scaled to CSS pixels. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Calls `then` when the page switches between light and dark; returns the unsubscribe. */
export function onSchemeChange(then: () => void): () => void {
  const query = matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', then);
  return () => query.removeEventListener('change', then);
}
