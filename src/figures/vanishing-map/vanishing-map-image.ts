/**
 * The vanishing map as a picture for readers without JavaScript (registered in ./figure.ts), from
 * the baked data (why-data.ts). Server only.
 */
import { decadeRange, linesSvg, type LinesImage } from '@/charts/lines-image';
import { ACTIVATION_STYLE, INK, type Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { sigmoidBound } from '@/lab/engine/activation-fns';
import { VANISHING_ACTIVATIONS, VANISHING_DEPTHS } from '@/lab/studies/vanishing-grid';
import { vanishingBake } from '@/build/why-data';

/** The vanishing map for Glorot initialisation (the figure's default; the page's tables have both). */
export async function vanishingImage(locale: Locale, scheme: Scheme): Promise<string> {
  const cells = (await vanishingBake()).cells.glorotUniform;
  const styles = ACTIVATION_STYLE[scheme];
  const bound = VANISHING_DEPTHS.map(sigmoidBound);
  const chart: LinesImage = {
    width: 600,
    height: 300,
    xs: VANISHING_DEPTHS,
    xRange: [1, 10],
    yRange: decadeRange([...cells.map((c) => c.ratio), ...bound]),
    log: true,
    xTicks: VANISHING_DEPTHS,
    series: [
      { colour: INK[scheme].muted, dash: [2, 4], ys: bound },
      ...VANISHING_ACTIVATIONS.map((a) => {
        const style = styles[a as keyof typeof styles];
        return { colour: style.colour, dash: style.dash, ys: VANISHING_DEPTHS.map((d) => cells.find((c) => c.activation === a && c.depth === d)?.ratio ?? NaN), points: true };
      }),
    ],
    xLabel: t(locale, 'vanDepth'),
    yLabel: t(locale, 'vanRatio'),
    scheme,
  };
  return linesSvg(chart, t(locale, 'fig_vanishingMap'));
}
