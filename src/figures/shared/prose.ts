/**
 * The prose that quotes a figure's run (<Num>, <RunLead>, <RunNote> in the MDX) follows the run the
 * figure shows, and stays true while it does:
 *
 * - Same kind of result as the article's run (both exploded, both learned, both stalled): the quoted
 *   numbers become this run's, and the sentence's lead-in names the settings ("With your settings
 *   (seed 7, learning rate 0.05),").
 * - A different kind of result (an experiment 2 seed that never explodes; experiment 1 pushed past
 *   its edge): the paragraph describes something this run did not do, so its numbers stay the
 *   article's, the lead-in says so, and a note under it says what this run did instead.
 */
import { t, type Locale } from '@/i18n/ui';
import type { ExperimentId } from '@/lab/engine/config';
import type { Outcome } from '@/lab/engine/outcome';
import { outcome, summarize } from '@/lab/reading/summary';
import type { RunTrace } from '@/lab/engine/trace';
import { setHidden, setText } from './kit';

/** How a change to one element of the prose is made: at once, or when the element comes into view (offscreen.ts). */
export type Paint = (el: HTMLElement, change: () => void) => void;
const now: Paint = (_el, change) => change();

/** The elements of the prose that quote one experiment's run: numbers, lead-ins, notes. */
export interface ProseParts {
  nums: HTMLElement[];
  leads: HTMLElement[];
  notes: HTMLElement[];
}

/** Finds `experiment`'s prose elements (once: an island keeps them for every run it paints). */
export function proseParts(experiment: ExperimentId): ProseParts {
  const all = (attribute: string) => [...document.querySelectorAll<HTMLElement>(`[${attribute}="${experiment}"]`)];
  return { nums: all('data-num-exp'), leads: all('data-lead-exp'), notes: all('data-note-exp') };
}

/**
 * Shows `trace` in the prose `parts` of one experiment; `settings` names what differs from the
 * article's settings ('' when nothing does, which is how Reset and the baked run come back).
 */
export function followProse(locale: Locale, parts: ProseParts, trace: RunTrace, baked: RunTrace, settings: string, paint: Paint = now): void {
  const kind: Outcome = outcome(trace);
  const same = settings === '' || kind === outcome(baked);
  const quoted = same ? trace : baked;
  const values = summarize(quoted);
  for (const el of parts.nums) {
    const q = el.dataset['numQ'] as keyof typeof values | undefined;
    if (q && q in values) paint(el, () => setText(el, values[q]));
  }
  const lead = settings === '' || !same ? t(locale, 'leadDefault') : t(locale, 'leadSettings', { settings });
  for (const el of parts.leads) paint(el, () => setText(el, lead));
  const note = same ? '' : t(locale, 'proseNote', { settings, outcome: t(locale, `outcome_${kind}`) });
  for (const el of parts.notes) {
    paint(el, () => {
      setHidden(el, same);
      setText(el, note);
    });
  }
}
