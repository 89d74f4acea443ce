/**
 * What the "why" figures' elements (issue 14) share once loaded: rewriting the prose's numbers
 * (<FigNum>) when a figure is recomputed, naming a figure, sizing a canvas, following the colour
 * scheme. (Loading them is define-near.ts.)
 */

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
