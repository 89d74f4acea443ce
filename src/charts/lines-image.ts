/**
 * A small line chart drawn through a Painter: what the overshoot and the vanishing map look like
 * to a reader without JavaScript (the live figures are uPlot charts with the same series, colours
 * and axes). Pure.
 */
import { SvgPainter, type Painter, type Point } from './painter';
import { INK, type Scheme } from './palette';

export interface ImageSeries {
  colour: string;
  dash?: readonly number[];
  width?: number;
  /** y per x (NaN, ±Infinity or, on a log axis, ≤ 0 leave a gap). */
  ys: readonly number[];
  points?: boolean;
}

export interface LinesImage {
  width: number;
  height: number;
  xs: readonly number[];
  xRange: [number, number];
  yRange: [number, number];
  log: boolean;
  series: readonly ImageSeries[];
  xLabel: string;
  yLabel: string;
  /** Where to put ticks (values); decades on a log axis by default. */
  xTicks: readonly number[];
  yTicks?: readonly number[];
  scheme: Scheme;
}

const M = { left: 62, right: 14, top: 12, bottom: 46 };

/** "1e-6" for tiny and huge decades, plain digits in between. */
function tickLabel(v: number, log: boolean): string {
  if (!log) return String(Number(v.toPrecision(3)));
  const e = Math.round(Math.log10(v));
  return e >= -2 && e <= 3 ? String(Number(v.toPrecision(1))) : `1e${e}`;
}

export function drawLines(p: Painter, chart: LinesImage): void {
  const ink = INK[chart.scheme];
  const plot = { left: M.left, top: M.top, width: chart.width - M.left - M.right, height: chart.height - M.top - M.bottom };
  const f = (v: number) => (chart.log ? Math.log10(v) : v);
  const [y0, y1] = [f(chart.yRange[0]), f(chart.yRange[1])];
  const x = (v: number) => plot.left + ((v - chart.xRange[0]) / (chart.xRange[1] - chart.xRange[0])) * plot.width;
  const y = (v: number) => plot.top + plot.height - ((f(v) - y0) / (y1 - y0)) * plot.height;
  p.rect(0, 0, chart.width, chart.height, ink.surface);
  // On a log axis, decades; every other one when there are more than six.
  const decades = chart.log ? Array.from({ length: Math.floor(y1) - Math.ceil(y0) + 1 }, (_, i) => Math.ceil(y0) + i) : [];
  const yTicks = chart.yTicks ?? decades.filter((e) => decades.length <= 6 || (e - decades[0]!) % 2 === 0).map((e) => 10 ** e);
  // Grid, then the series clipped to the plot, then the axes' labels.
  p.segments(
    yTicks.map((v): [Point, Point] => [[plot.left, y(v)], [plot.left + plot.width, y(v)]]),
    { stroke: ink.rule, width: 1 },
  );
  p.clipped(plot.left, plot.top, plot.width, plot.height, () => {
    for (const s of chart.series) {
      let run: Point[] = [];
      const flush = () => {
        p.polyline(run, { stroke: s.colour, width: s.width ?? 2, ...(s.dash ? { dash: s.dash } : {}) });
        run = [];
      };
      chart.xs.forEach((xv, i) => {
        const v = s.ys[i] ?? NaN;
        if (!Number.isFinite(v) || (chart.log && v <= 0)) return flush();
        run.push([x(xv), y(v)]);
      });
      flush();
      if (s.points) {
        chart.xs.forEach((xv, i) => {
          const v = s.ys[i] ?? NaN;
          if (Number.isFinite(v) && (!chart.log || v > 0)) p.circle(x(xv), y(v), 2.5, { fill: s.colour });
        });
      }
    }
  });
  const label = { fill: ink.muted, size: 11 };
  p.segments([[[plot.left, plot.top + plot.height], [plot.left + plot.width, plot.top + plot.height]], [[plot.left, plot.top], [plot.left, plot.top + plot.height]]], { stroke: ink.muted, width: 1 });
  for (const v of chart.xTicks) p.text(x(v), plot.top + plot.height + 6, tickLabel(v, false), { ...label, anchor: 'middle', baseline: 'top' });
  for (const v of yTicks) p.text(plot.left - 6, y(v), tickLabel(v, chart.log), { ...label, anchor: 'end', baseline: 'middle' });
  p.text(plot.left + plot.width / 2, chart.height - 8, chart.xLabel, { fill: ink.muted, size: 12, anchor: 'middle' });
  p.text(14, plot.top + plot.height / 2, chart.yLabel, { fill: ink.muted, size: 12, anchor: 'middle', baseline: 'middle', rotate: -90 });
}

/** The chart as an SVG document titled `title` (what a reader without JavaScript sees). */
export function linesSvg(chart: LinesImage, title: string): string {
  const p = new SvgPainter(chart.width, chart.height);
  drawLines(p, chart);
  return p.toString(title);
}

/** A log axis's range: from the decade at or below the smallest positive value to the one at or above the largest. */
export function decadeRange(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0);
  return [10 ** Math.floor(Math.log10(Math.min(...positive))), 10 ** Math.ceil(Math.log10(Math.max(...positive)))];
}
