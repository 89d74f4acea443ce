/**
 * How a figure without knobs of its own (the overshoot, the maps, predict-then-look) comes alive:
 * its .astro file's script names its element and its live half, and the live half is loaded only
 * when an element of it comes near the viewport (kit.ts `whenNear`). Until then the element shows
 * its baked HTML. Each figure says this for itself, so no module needs to know every figure.
 */
import { loadStrings } from '@/i18n/ui';
import { whenNear } from './kit';

export function defineWhenNear(tag: string, load: () => Promise<unknown>): void {
  let loading = false;
  const start = () => {
    if (loading || customElements.get(tag)) return;
    loading = true;
    void loadStrings().then(load); // the figure speaks as soon as it is defined
  };
  for (const el of document.querySelectorAll(tag)) whenNear(el, start);
}
