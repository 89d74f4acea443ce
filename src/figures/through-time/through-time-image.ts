/**
 * The gradient-through-time figure as a picture for readers without JavaScript (named in
 * ./figure.ts): the build's frame at the default settings, drawn through a Painter into SVG with the
 * live chart's series and colours. Server only.
 */
import { decadeRange, linesSvg, type LinesImage } from '@/charts/lines-image';
import { INK, type Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { throughTimeBake } from '@/build/through-time-bake';

export async function throughTimeImage(locale: Locale, scheme: Scheme): Promise<string> {
  const { baked } = await throughTimeBake();
  const { rnn, lstm, bound } = baked.init;
  const ink = INK[scheme];
  const xs = rnn.map((_, i) => i);
  const last = xs.length - 1;
  const chart: LinesImage = {
    width: 600,
    height: 300,
    xs,
    xRange: [0, last],
    yRange: decadeRange([...rnn, ...lstm, ...bound]),
    log: true,
    xTicks: xs.filter((x) => x % 10 === 0 || x === last),
    series: [
      { colour: ink.muted, dash: [4, 4], ys: bound },
      { colour: ink.accent, ys: rnn },
      { colour: ink.accent2, ys: lstm },
    ],
    xLabel: t(locale, 'ttAxisX'),
    yLabel: t(locale, 'ttAxisY'),
    scheme,
  };
  return linesSvg(chart, t(locale, 'fig_throughTime'));
}
