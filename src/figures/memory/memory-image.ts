/**
 * The memory figure as a picture for readers without JavaScript (named in ./figure.ts):
 * the build's default run, both cells' loss lines and the baseline, drawn with the live chart's
 * series and colours. Server only.
 */
import { decadeRange, linesSvg, type LinesImage } from '@/charts/lines-image';
import { INK, type Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { memoryBake } from '@/build/memory-bake';
import { ADDING_BASELINE } from '@/lab/recurrent/memory';

export async function memoryImage(locale: Locale, scheme: Scheme): Promise<string> {
  const { baked } = await memoryBake();
  const ink = INK[scheme];
  const last = baked.xs.at(-1)!;
  const chart: LinesImage = {
    width: 600,
    height: 300,
    xs: baked.xs,
    xRange: [0, last],
    yRange: decadeRange([...baked.rnn, ...baked.lstm, ADDING_BASELINE]),
    log: true,
    xTicks: [0, 100, 200, 300, 400, 500, 600].filter((x) => x <= last),
    series: [
      { colour: ink.muted, dash: [4, 4], ys: baked.xs.map(() => ADDING_BASELINE) },
      { colour: ink.accent, ys: baked.rnn },
      { colour: ink.accent2, ys: baked.lstm },
    ],
    xLabel: t(locale, 'memAxisX'),
    yLabel: t(locale, 'memAxisY'),
    scheme,
  };
  return linesSvg(chart, t(locale, 'fig_memory'));
}
