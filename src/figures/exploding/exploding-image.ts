/**
 * The exploding-through-time figure as a picture for readers without JavaScript (registered in
 * ./figure.ts), drawn through a Painter into SVG by the code that draws the live canvases. Server only.
 */
import { drawPaths, drawSurface, surfaceLayout } from '@/charts/loss-surface';
import { SvgPainter } from '@/charts/painter';
import type { Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { EXPLODING, outcome, parseLevels, pathViews, surfaceLevels, surfaceView } from './exploding-text';

const WIDTH = 600;

/** The exploding-through-time figure at its default start: the map and both paths, as the live canvases draw them. */
export function explodingImage(locale: Locale, scheme: Scheme): Promise<string> {
  const layout = surfaceLayout(EXPLODING.grid, WIDTH);
  const p = new SvgPainter(layout.width, layout.height);
  drawSurface(p, layout, surfaceView(parseLevels(surfaceLevels())!, scheme, (key) => t(locale, key)));
  const o = outcome(EXPLODING.start, EXPLODING.lr);
  const { plot } = layout;
  p.clipped(plot.left - 8, plot.top - 8, plot.width + 16, plot.height + 16, () => drawPaths(p, layout, pathViews(o, scheme), o.start, scheme));
  return Promise.resolve(p.toString(t(locale, 'fig_exploding')));
}
