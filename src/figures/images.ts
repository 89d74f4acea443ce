/**
 * The images of the "why" figures for readers without JavaScript: each drawn through a Painter into
 * SVG by the code that draws the live figure, from the baked data (why-data.ts). Server only.
 */
import { drawExplosionMap, mapLayout } from '@/charts/explosion-map';
import { decadeRange, linesSvg, type LinesImage } from '@/charts/lines-image';
import { drawSlopes, slopesHeight } from '@/charts/slopes';
import { SvgPainter } from '@/charts/painter';
import { ACTIVATION_STYLE, INK, SCHEMES, type Scheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import { descend } from '@/lab/studies/overshoot';
import { OVERSHOOT_DEFAULT, OVERSHOOT_STEPS, OVERSHOOT_Y } from '@/figures/overshoot/overshoot-text';
import { SLOPE_RANGE, sigmoidBound } from '@/lab/engine/activation-fns';
import { actSymbol } from '@/figures/slopes/slopes-text';
import { VANISHING_ACTIVATIONS, VANISHING_DEPTHS } from '@/lab/studies/vanishing-grid';
import { explosionBake, slopesBake, vanishingBake } from '@/build/why-data';
import { drawPaths, drawSurface, surfaceLayout } from '@/charts/loss-surface';
import { EXPLODING, outcome, parseLevels, pathViews, surfaceLevels, surfaceView } from '@/figures/exploding/exploding-text';
import { throughTimeImage } from './through-time/through-time-image';
import { remedyImage } from './remedies/remedies-image';
import { REMEDIES } from '@/lab/recurrent/remedies';
import { memoryImage } from './memory/memory-image';

const WIDTH = 600;

async function explosionImage(locale: Locale, scheme: Scheme): Promise<string> {
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

async function overshootImage(locale: Locale, scheme: Scheme): Promise<string> {
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

/** The vanishing map for Glorot initialisation (the figure's default; the page's tables have both). */
async function vanishingImage(locale: Locale, scheme: Scheme): Promise<string> {
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

/** σ′ under each layer of experiment 3's article run, at its last epoch. */
async function slopesImage(locale: Locale, scheme: Scheme): Promise<string> {
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

/** The exploding-through-time figure at its default start: the map and both paths, as the live canvases draw them. */
function explodingImage(locale: Locale, scheme: Scheme): Promise<string> {
  const layout = surfaceLayout(EXPLODING.grid, WIDTH);
  const p = new SvgPainter(layout.width, layout.height);
  drawSurface(p, layout, surfaceView(parseLevels(surfaceLevels())!, scheme, (key) => t(locale, key)));
  const o = outcome(EXPLODING.start, EXPLODING.lr);
  const { plot } = layout;
  p.clipped(plot.left - 8, plot.top - 8, plot.width + 16, plot.height + 16, () => drawPaths(p, layout, pathViews(o, scheme), o.start, scheme));
  return Promise.resolve(p.toString(t(locale, 'fig_exploding')));
}

const RENDER: Record<string, (locale: Locale, scheme: Scheme) => Promise<string>> = {
  'explosion-map': explosionImage,
  overshoot: overshootImage,
  'vanishing-map': vanishingImage,
  slopes: slopesImage,
  exploding: explodingImage,
  'through-time': throughTimeImage,
  ...Object.fromEntries(REMEDIES.map((remedy) => [`remedies-${remedy}`, (locale: Locale, scheme: Scheme) => remedyImage(remedy, locale, scheme)])),
  memory: memoryImage,
};

/** Every image name, `<figure>-<scheme>`. */
export const IMAGES: string[] = Object.keys(RENDER).flatMap((name) => SCHEMES.map((scheme) => `${name}-${scheme}`));

export async function renderImage(image: string, locale: Locale): Promise<string> {
  const scheme = SCHEMES.find((s) => image.endsWith(`-${s}`));
  const render = scheme ? RENDER[image.slice(0, -scheme.length - 1)] : undefined;
  if (!scheme || !render) throw new Error(`no figure image "${image}"`);
  return render(locale, scheme);
}
