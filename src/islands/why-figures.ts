/**
 * The one script the "why" figures put in the page before a reader interacts: it loads each
 * figure's code only when an element of it comes near the viewport (kit.ts `whenNear`). Until
 * then the elements show their baked HTML. Every figure's .astro file imports this same module, so
 * the page carries it once.
 */
import { loadStrings } from '@/i18n/ui';
import { whenNear } from './kit';

const FIGURES: Record<string, () => Promise<unknown>> = {
  'lab-overshoot': () => import('./overshoot-element'),
  'lab-explosion-map': () => import('./explosion-map-element'),
  'lab-vanishing-map': () => import('./vanishing-map-element'),
  'lab-predict': () => import('./predict-element'),
};

for (const [tag, load] of Object.entries(FIGURES)) {
  let loading = false;
  const start = () => {
    if (loading || customElements.get(tag)) return;
    loading = true;
    void loadStrings().then(load); // the figures speak as soon as they are defined
  };
  for (const el of document.querySelectorAll(tag)) whenNear(el, start);
}
