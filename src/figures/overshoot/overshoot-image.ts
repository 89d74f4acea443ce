/**
 * The overshoot as a picture for readers without JavaScript (registered in ./figure.ts), drawn by
 * the chart code the live figure uses. Server only.
 */
import { linesSvg, type LinesImage } from '@/charts/lines-image';
import { INK, type Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { descend } from '@/lab/studies/overshoot';
import { OVERSHOOT_DEFAULT, OVERSHOOT_STEPS, OVERSHOOT_Y } from './overshoot-text';

export async function overshootImage(locale: Locale, scheme: Scheme): Promise<string> {
  const ink = INK[scheme];
  const d = descend(OVERSHOOT_DEFAULT, { steps: OVERSHOOT_STEPS });
  const xs = Array.from(d.w, (_, k) => k);
  // Up to the first point off the chart, as the live figure draws it.
  const onChart = (ys: number[]) => {
    const out = ys.findIndex((y) => Math.abs(y) > OVERSHOOT_Y[1]);
    return out < 0 ? ys : ys.map((y, k) => (k <= out ? y : NaN));
  };
  const env = onChart(xs.map((k) => Math.abs(d.factor) ** k));
  const chart: LinesImage = {
    width: 600,
    height: 260,
    xs,
    xRange: [0, OVERSHOOT_STEPS],
    yRange: OVERSHOOT_Y,
    log: false,
    xTicks: [0, 5, 10, 15, 20],
    yTicks: [-2, -1, 0, 1, 2],
    series: [
      { colour: ink.accent2, dash: [6, 4], ys: env },
      { colour: ink.accent2, dash: [6, 4], ys: env.map((v) => -v) },
      { colour: ink.accent, ys: onChart(Array.from(d.w)), points: true },
    ],
    xLabel: t(locale, 'ovStep'),
    yLabel: 'w',
    scheme,
  };
  return linesSvg(chart, t(locale, 'fig_overshoot'));
}
