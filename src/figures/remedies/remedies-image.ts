/**
 * The "what to do" figure's pictures, one per pair (named in ./figure.ts): both runs'
 * smoothed training loss on a linear axis, and the baseline of always answering 1. Drawn from the
 * bake through the Painter into SVG; this figure has no live chart, so these are what every reader
 * sees. Server only.
 */
import { linesSvg, type LinesImage } from '@/charts/lines-image';
import { INK, type Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { ADDING_BASELINE } from '@/lab/recurrent/gradient-through-time';
import type { Remedy } from '@/lab/recurrent/remedies';
import { PAIRS, remediesBake } from './remedies-bake';
import { pairTitle, REMEDY_Y } from './remedies-text';

export const REMEDY_IMAGE = { width: 360, height: 220 } as const;

export async function remedyImage(remedy: Remedy, locale: Locale, scheme: Scheme): Promise<string> {
  const { baked } = await remediesBake();
  const ink = INK[scheme];
  const { before, after, also } = PAIRS[remedy];
  const last = baked.xs.at(-1)!;
  const chart: LinesImage = {
    ...REMEDY_IMAGE,
    xs: baked.xs,
    xRange: [0, last],
    yRange: REMEDY_Y,
    log: false,
    xTicks: [0, last / 2, last],
    yTicks: [0, 0.1, 0.2, 0.3],
    series: [
      { colour: ink.muted, dash: [4, 4], width: 1.5, ys: baked.xs.map(() => ADDING_BASELINE) },
      { colour: ink.accent, ys: baked.arms[before].ys },
      ...(also ? [{ colour: ink.muted, dash: [2, 3], ys: baked.arms[also].ys }] : []),
      { colour: ink.accent2, dash: [7, 3], ys: baked.arms[after].ys },
    ],
    xLabel: t(locale, 'rmAxisX'),
    yLabel: t(locale, 'rmAxisY'),
    scheme,
  };
  return linesSvg(chart, `${t(locale, 'fig_remedies')}: ${pairTitle(locale, remedy)}`);
}
