/**
 * σ′ under each layer as a picture for readers without JavaScript (registered in ./figure.ts),
 * drawn through a Painter into SVG by the code that draws the live panel. Server only.
 */
import { drawSlopes, slopesHeight } from '@/charts/slopes';
import { SvgPainter } from '@/charts/painter';
import type { Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { SLOPE_RANGE } from '@/lab/engine/activation-fns';
import { slopesBake } from '@/build/why-data';
import { actSymbol } from './slopes-text';

/** σ′ under each layer of experiment 3's article run, at its last epoch. */
export async function slopesImage(locale: Locale, scheme: Scheme): Promise<string> {
  const bake = await slopesBake();
  const act = actSymbol('sigmoid');
  const depth = bake.summaries.length;
  const p = new SvgPainter(600, slopesHeight(depth));
  drawSlopes(p, 600, {
    activation: 'sigmoid',
    range: SLOPE_RANGE,
    layers: bake.summaries,
    depth,
    scheme,
    labels: {
      curve: t(locale, 'slopesCurve', { act }),
      value: t(locale, 'slopesValue', { act }),
      axis: t(locale, 'slopesAxis'),
      layer: (layer, slope) => t(locale, 'slopesLayer', { layer, act, slope }),
    },
  });
  return p.toString(t(locale, 'slopesTitle', { act, epoch: bake.epoch }));
}
