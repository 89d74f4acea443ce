/** Small pieces every island's element shares. */

import { MAX_SEED } from '@/lab/engine/random';

export { MAX_SEED };

/** A seed typed by a reader: digits only, at most 2^32 − 1; null for anything else. */
export function parseSeed(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= MAX_SEED ? n : null;
}

/** The props of a figure whose only setting is its place in the article (src/build/figure-numbers.ts numbers it). */
export interface NumberedFigure {
  figure?: string;
}

export type IslandState = 'idle' | 'loading' | 'training' | 'done' | 'error' | 'cancelled';

/** A table row of plain text cells (never HTML). */
export function textRow(cells: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of cells) tr.appendChild(document.createElement('td')).textContent = text;
  return tr;
}

/** A number for a table or a label: `digits` significant digits; NaN, ∞ and −∞ as a reader writes them (not "Infinity"). */
// Stryker disable next-line EqualityOperator: past the finite and NaN tests v is ±∞, where > 0 and >= 0 agree
export const fixed = (v: number, digits = 3) => (Number.isFinite(v) ? v.toPrecision(digits) : Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞');

/**
 * Calls `then` once, when `el` comes within 400 px of the viewport (how islands load their charts and
 * warm the worker without costing a reader who never scrolls there). Returns the observer to disconnect.
 */
export function whenNear(el: Element, then: () => void): IntersectionObserver {
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        then();
      }
    },
    { rootMargin: '400px 0px' },
  );
  observer.observe(el);
  return observer;
}

/** A data table's rows for a long run: every epoch up to 200, then about 100 evenly spaced ones (the first and last always). */
export function thinned<T extends { epoch: number }>(epochs: readonly T[]): T[] {
  if (epochs.length <= 200) return epochs.slice();
  const every = Math.ceil(epochs.length / 100);
  return epochs.filter((e, i) => i === 0 || i === epochs.length - 1 || e.epoch % every === 0);
}

/**
 * Sets an element's text only when it changes: writing the same text again still replaces its
 * text node, which makes the browser restyle, lay out and repaint it (a drag does this every frame).
 */
export function setText(el: Node, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Shows or hides an element, touching the attribute only when that changes (see setText). */
export function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}
