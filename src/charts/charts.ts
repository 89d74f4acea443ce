/**
 * uPlot factories for the islands: create once, feed points, destroy. Loaded only when an island
 * draws (it is the heaviest code a reader gets before pressing Run).
 *
 * Losses go on a log scale (uPlot's distr 3), which has no place for 0, NaN or ±Infinity: such
 * points become gaps, and the loss chart draws an explicit marker at the first non-finite epoch,
 * so a run that blew up never looks like a run that merely stopped.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartTheme, fade, type ChartTheme } from './theme';

export { chartTheme as themeOf, fade };

export interface Chart {
  destroy(): void;
}

const HEIGHT = 220;

/** Of uPlot's log splits (every 1–9 × 10^k), keep decades only, thinned to at most six labels. */
function decadesOnly(_u: uPlot, splits: number[]): (number | null)[] {
  const decades = splits.filter((v) => v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6);
  const step = Math.max(1, Math.ceil(decades.length / 6));
  const keep = new Set(decades.filter((_, i) => i % step === 0));
  return splits.map((v) => (keep.has(v) ? v : null));
}

/**
 * The decades inside [min, max], exactly (1e-3, not 0.0010000000000000002). uPlot's own log splits
 * and its search for a tick spacing stop at 1e16: past that (an exploding run's loss reaches 1e31)
 * it finds no spacing and draws no tick at all.
 */
function decadeSplits(_u: uPlot, _axis: number, min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) out.push(Number(`1e${e}`));
  return out;
}

/** One spacing that spans the whole range: uPlot always accepts it, and decadeSplits places the ticks. */
function wholeRange(_u: uPlot, _axis: number, min: number, max: number): number[] {
  return [Number(`1e${Math.ceil(Math.log10(Math.max(max - min, 1e-300)))}`)];
}

function logLabel(v: number | null): string {
  if (v === null || !(v > 0)) return '';
  const e = Math.round(Math.log10(v));
  return e >= -2 && e <= 3 ? String(Number(v.toPrecision(1))) : `1e${e}`;
}

function axes(theme: ChartTheme, xLabel: string, yLabel: string, log = false): uPlot.Axis[] {
  const common = { stroke: theme.muted, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
  return [
    { ...common, label: xLabel },
    {
      ...common,
      label: yLabel,
      size: 64,
      // On a log axis, labels, grid lines and ticks at decades only (uPlot filters each separately).
      ...(log
        ? {
            incrs: wholeRange,
            splits: decadeSplits,
            filter: decadesOnly,
            grid: { ...common.grid, filter: decadesOnly },
            ticks: { ...common.ticks, filter: decadesOnly },
            values: (_u: uPlot, splits: (number | null)[]) => splits.map(logLabel),
          }
        : {}),
    },
  ];
}

/** Keeps a chart as wide as its container. */
function fitWidth(el: HTMLElement, plot: uPlot): ResizeObserver {
  const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
  observer.observe(el);
  return observer;
}

const positiveOrGap = (v: number) => (Number.isFinite(v) && v > 0 ? v : null);

export interface LossChart extends Chart {
  /** Replaces all points; `losses[i]` belongs to epoch i + 1; the x axis spans `epochs` (default: as many as there are losses). */
  set(losses: readonly number[], epochs?: number): void;
  /** A faint reference run drawn behind (the article's settings while the reader moves a knob); null removes it. */
  ghost(losses: readonly number[] | null): void;
}

/** A log range that stays readable with one point or a flat line: at least a decade either side. */
function logRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null || !(min > 0)) return [0.001, 1];
  const lo = 10 ** Math.floor(Math.log10(min));
  const hi = 10 ** Math.ceil(Math.log10(max));
  return hi / lo >= 100 ? [lo, hi] : [lo / 10, hi * 10];
}

/** Markers on each point only while there is room for them (a 2,000-epoch run is a line). */
const fewPoints = (u: uPlot) => (u.data[0]?.length ?? 0) <= 60;

/** The faint grey of a reference run. */
function ghostColour(theme: ChartTheme): string {
  return fade(theme.muted, 0.45);
}

/** `nanLabel` is the short word drawn beside the marker line; the island states the full sentence in text. */
export function lossChart(el: HTMLElement, options: { epochs: number; xLabel: string; yLabel: string; nanLabel: string }): LossChart {
  const theme = chartTheme(el);
  let nanEpoch: number | null = null;
  let span = options.epochs;
  let current: readonly number[] = [];
  let reference: readonly number[] | null = null;
  const plot = new uPlot(
    {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: false, range: () => [1, Math.max(2, span)] }, y: { distr: 3, log: 10, range: logRange } },
      axes: axes(theme, options.xLabel, options.yLabel, true),
      series: [
        {},
        // Points too while there is room: a reference run that exploded at epoch 2 is a single point.
        { stroke: ghostColour(theme), width: 3, points: { show: fewPoints, size: 6, fill: ghostColour(theme), stroke: ghostColour(theme) } },
        { stroke: theme.accent, width: 2, points: { show: fewPoints, size: 5, fill: theme.accent } },
      ],
      hooks: {
        draw: [
          (u) => {
            if (nanEpoch === null) return;
            const x = u.valToPos(nanEpoch, 'x', true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = theme.danger;
            ctx.fillStyle = theme.danger;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.font = `600 ${12 * devicePixelRatio}px system-ui, sans-serif`;
            const width = ctx.measureText(options.nanLabel).width;
            const textX = x + width + 8 * devicePixelRatio > u.bbox.left + u.bbox.width ? x - width - 6 * devicePixelRatio : x + 6 * devicePixelRatio;
            ctx.fillText(options.nanLabel, textX, u.bbox.top + 14 * devicePixelRatio);
            ctx.restore();
          },
        ],
      },
    },
    [[], [], []],
    el,
  );
  const draw = () => {
    const n = Math.max(span, current.length, reference?.length ?? 0);
    const xs = Array.from({ length: n }, (_, i) => i + 1);
    const at = (ys: readonly number[] | null) => xs.map((_, i) => (ys && i < ys.length ? positiveOrGap(ys[i]!) : null));
    plot.setData([xs, at(reference), at(current)]);
  };
  const observer = fitWidth(el, plot);
  return {
    set(losses, epochs) {
      current = losses;
      span = epochs ?? losses.length;
      const firstBad = losses.findIndex((v) => !Number.isFinite(v));
      nanEpoch = firstBad >= 0 ? firstBad + 1 : null;
      draw();
    },
    ghost(losses) {
      reference = losses;
      draw();
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}

export interface DataChart extends Chart {
  /** Shows another data set (a knob moved the inputs' range or their noise). */
  set(data: { x: Float32Array; z: Float32Array }): void;
}

/** The training data: noisy inputs z (dots) against clean x, and the line y = x the net should learn. */
export function dataChart(el: HTMLElement, data: { x: Float32Array; z: Float32Array }, labels: { x: string; y: string }): DataChart {
  const theme = chartTheme(el);
  const aligned = (d: { x: Float32Array; z: Float32Array }): uPlot.AlignedData => {
    const xs = Array.from(d.x);
    return [xs, Array.from(d.z), xs];
  };
  const plot = new uPlot(
    {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: axes(theme, labels.x, labels.y),
      series: [
        {},
        { stroke: theme.accent, paths: () => null, points: { show: true, size: 5, fill: theme.accent, stroke: theme.accent } },
        { stroke: theme.accent2, width: 2, points: { show: false } },
      ],
    },
    aligned(data),
    el,
  );
  const observer = fitWidth(el, plot);
  return {
    set(next) {
      plot.setData(aligned(next));
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}

/** A colour per series, from the theme; dashed twins for "before" in overlays. */
export function palette(theme: ChartTheme, n: number): string[] {
  const base = [theme.accent, theme.accent2, theme.ok, theme.violet, theme.muted, theme.teal, theme.pink];
  return Array.from({ length: n }, (_, i) => base[i % base.length]!);
}

export interface SeriesSpec {
  label: string;
  color: string;
  dash?: number[];
}

export interface LinesChart extends Chart {
  /** Replaces all series; `ys[i][j]` is series i at x = xs[j]. */
  set(xs: readonly number[], ys: readonly (readonly number[])[]): void;
  /** Faint reference lines behind the series, one per series (the article's settings); null removes them. */
  ghost(xs: readonly number[] | null, ys?: readonly (readonly number[])[]): void;
}

/** Several lines over epochs (or any x), log-scaled when asked; non-finite or (on a log scale) non-positive points are gaps. */
/**
 * `yFloor` (log scales): the lowest value the axis shows, whatever the data; a line below it leaves
 * through the bottom. uPlot places log ticks from a table of increments that stops at 1e-16: below it
 * its loop crawls (measured: 48–118 s of main thread for a series reaching 1e-48 in Chromium 150), so
 * a floor must stay above that.
 */
export function linesChart(el: HTMLElement, options: { series: SeriesSpec[]; xLabel: string; yLabel: string; log: boolean; xRange?: [number, number]; yRange?: [number, number]; yFloor?: number; xStep?: number }): LinesChart {
  const theme = chartTheme(el);
  // Below the floor, a point is drawn a decade under it: off the chart, so its line leaves through the bottom.
  const floor = options.log && options.yFloor !== undefined ? options.yFloor / 10 : 0;
  const clean = (v: number) => (Number.isFinite(v) && (!options.log || v > 0) ? Math.max(v, floor) : null);
  const n = options.series.length;
  // Ghost series first, so the live lines draw over them.
  const plot = new uPlot(
    {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      // A fixed y range where asked (a figure whose values may run off to infinity keeps its scale).
      scales: { x: { time: false, ...(options.xRange ? { range: options.xRange } : {}) }, y: options.log ? { distr: 3, log: 10, range: options.yRange ?? (options.yFloor === undefined ? logRange : (u, min, max) => logRange(u, min === null ? null : Math.max(min, options.yFloor!), max)) } : options.yRange ? { range: options.yRange } : {} },
      // x ticks at multiples of xStep only, where asked (whole numbers of layers or time steps, say).
      // Short labels ("1" to "10") need less room than uPlot's default 50 px; and a coarser step is
      // always on offer, since when no step fits uPlot draws no tick labels at all (figure 6 at 375 px).
      axes: ((a) => (options.xStep ? [{ ...a[0]!, space: 24, incrs: [1, 2, 5, 10, 20, 50, 100].map((k) => k * options.xStep!) }, a[1]!] : a))(axes(theme, options.xLabel, options.yLabel, options.log)),
      series: [
        {},
        ...options.series.map((s) => ({ stroke: fade(s.color, 0.3), width: 3, ...(s.dash ? { dash: s.dash } : {}), points: { show: fewPoints, size: 5, fill: fade(s.color, 0.3), stroke: fade(s.color, 0.3) } })),
        ...options.series.map((s) => ({ stroke: s.color, width: 2, ...(s.dash ? { dash: s.dash } : {}), points: { show: fewPoints, size: 4, fill: s.color } })),
      ],
    },
    [[], ...options.series.flatMap(() => [[], []])],
    el,
  );
  let live: { xs: readonly number[]; ys: readonly (readonly number[])[] } = { xs: [], ys: [] };
  let reference: { xs: readonly number[]; ys: readonly (readonly number[])[] } | null = null;
  const draw = () => {
    // One x axis for both: the longer run's epochs; the shorter one's missing points are gaps.
    const xs = reference && reference.xs.length > live.xs.length ? reference.xs : live.xs;
    const at = (src: { xs: readonly number[]; ys: readonly (readonly number[])[] } | null, i: number) =>
      xs.map((_, j) => (src && j < src.xs.length ? clean(src.ys[i]?.[j] ?? NaN) : null));
    const ghosts = Array.from({ length: n }, (_, i) => at(reference, i));
    const lines = Array.from({ length: n }, (_, i) => at(live, i));
    plot.setData([Array.from(xs), ...ghosts, ...lines] as uPlot.AlignedData);
  };
  const observer = fitWidth(el, plot);
  return {
    set(xs, ys) {
      live = { xs, ys };
      draw();
    },
    ghost(xs, ys = []) {
      reference = xs ? { xs, ys } : null;
      draw();
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}

export interface BarsChart extends Chart {
  /** `values[i][j]`: group i's bar for category j (categories are 0..n-1 on the x axis); new labels when given (same count). */
  set(values: readonly (readonly number[])[], categories?: readonly string[]): void;
}

/** Bars over a few categories (layers, histogram bins), one or two series, using uPlot's bar path builder. */
export function barsChart(el: HTMLElement, options: { series: SeriesSpec[]; categories: string[]; xLabel: string; yLabel: string; log?: boolean }): BarsChart {
  const theme = chartTheme(el);
  const groups = options.series.length;
  let labels: readonly string[] = options.categories;
  const xs = options.categories.map((_, i) => i);
  const bars = uPlot.paths.bars!;
  const plot = new uPlot(
    {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.6, options.categories.length - 0.4] }, y: options.log ? { distr: 3, log: 10, range: logRange } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { ...axes(theme, options.xLabel, options.yLabel)[0]!, splits: () => xs, values: () => Array.from(labels) },
        axes(theme, options.xLabel, options.yLabel, options.log)[1]!,
      ],
      series: [
        {},
        ...options.series.map((s, i) => ({
          stroke: s.color,
          fill: s.color,
          width: 0,
          points: { show: false },
          // One group: centred on its category; two: side by side (left and right of it).
          paths: bars({ size: [groups === 1 ? 0.8 : 0.4, 60], align: groups === 1 ? 0 : i === 0 ? -1 : 1 }),
        })),
      ],
    },
    [xs, ...options.series.map(() => xs.map(() => null))],
    el,
  );
  const observer = fitWidth(el, plot);
  return {
    set(values, categories) {
      if (categories && categories.length === xs.length) labels = categories;
      const clean = (v: number) => (Number.isFinite(v) && (!options.log || v > 0) ? v : null);
      plot.setData([xs, ...options.series.map((_, i) => xs.map((j) => clean(values[i]?.[j] ?? NaN)))] as uPlot.AlignedData);
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}
