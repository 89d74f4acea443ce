/**
 * The explosion map as a picture for readers without JavaScript (registered in ./figure.ts): drawn
 * through a Painter into SVG by the code that draws the live map, from the baked data. Server only.
 */
import { drawExplosionMap, mapLayout } from '@/charts/explosion-map';
import { SvgPainter } from '@/charts/painter';
import type { Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { explosionBake } from '@/build/why-data';

const WIDTH = 600;

export async function explosionImage(locale: Locale, scheme: Scheme): Promise<string> {
  const bake = await explosionBake();
  const layout = mapLayout(bake.grid, WIDTH);
  const p = new SvgPainter(layout.width, layout.height);
  drawExplosionMap(p, layout, {
    grid: bake.grid,
    cells: bake.cells,
    epochs: 20,
    lambdas: bake.lambdas,
    marks: [
      { ...bake.marks[0]!, label: t(locale, 'mapMark1') },
      { ...bake.marks[1]!, label: t(locale, 'mapMark2') },
    ],
    active: null,
    scheme,
    labels: { x: t(locale, 'mapAxisX'), y: t(locale, 'mapAxisY'), line2: t(locale, 'mapLine2'), line4: '4' },
  });
  return p.toString(t(locale, 'fig_explosionMap'));
}
