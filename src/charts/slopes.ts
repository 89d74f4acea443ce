/**
 * σ′ under each layer, drawn: the activation's slope over the pre-activation a (and the activation
 * itself, faint), and under it one strip per hidden layer with a histogram of that layer's
 * pre-activations for every training input, on the same a axis, labelled with the layer's mean
 * slope. Where a layer's values sit under the curve is why its mean slope is what it is. Pure:
 * drawn through a Painter (a canvas live, SVG when baked).
 */
import type { Activation } from '@/lab/engine/config';
import { activate, slopeAt, type SlopeRange } from '@/lab/engine/activation-fns';
import type { Painter, Point } from './painter';
import { INK, type Scheme } from './palette';

/** A layer's histogram as the figure needs it (a SlopeSummary's counts and mean slope). */
export interface LayerStrip {
  counts: readonly number[];
  meanSlope: number;
}

export interface SlopesView {
  activation: Activation;
  range: SlopeRange;
  /** One per hidden layer, first first; empty while they are being computed. */
  layers: readonly LayerStrip[];
  /** How many strips to leave room for (the net's hidden layers). */
  depth: number;
  scheme: Scheme;
  labels: { curve: string; value: string; axis: string; layer: (layer: number, slope: string) => string };
}

const M = { left: 14, right: 14, top: 14, bottom: 44 };
const CURVE = 118;
const STRIP = 36;
const GAP = 6;

export function slopesHeight(depth: number): number {
  return M.top + CURVE + GAP + depth * STRIP + M.bottom;
}

export function drawSlopes(p: Painter, width: number, view: SlopesView): void {
  const ink = INK[view.scheme];
  const { lo, hi, bins } = view.range;
  const height = slopesHeight(view.depth);
  const plot = { left: M.left, width: width - M.left - M.right };
  const x = (a: number) => plot.left + ((a - lo) / (hi - lo)) * plot.width;
  p.rect(0, 0, width, height, ink.surface);

  // Guides at whole numbers of a, through the curve and every strip.
  const bottom = M.top + CURVE + GAP + view.depth * STRIP;
  const ticks = Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, i) => Math.ceil(lo) + i).filter((a) => a % 2 === 0);
  p.segments(ticks.map((a): [Point, Point] => [[x(a), M.top], [x(a), bottom]]), { stroke: ink.rule, width: 1 });

  // The slope, scaled to its own top (¼ for the sigmoid, 1 otherwise), and the activation, faint.
  const n = 240;
  const as = Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
  const top = Math.max(...as.map((a) => slopeAt(view.activation, a)));
  const yCurve = (v: number) => M.top + CURVE - (v / top) * (CURVE - 14);
  const values = as.map((a) => activate(view.activation, a));
  const [vmin, vmax] = [Math.min(...values), Math.max(...values)];
  const yValue = (v: number) => M.top + CURVE - ((v - vmin) / (vmax - vmin || 1)) * (CURVE - 14);
  p.polyline(as.map((a, i): Point => [x(a), yValue(values[i]!)]), { stroke: ink.muted, width: 1.2, dash: [3, 3] });
  p.segments([[[plot.left, yCurve(top)], [plot.left + plot.width, yCurve(top)]]], { stroke: ink.accent2, width: 1, dash: [2, 3] });
  p.polyline(as.map((a): Point => [x(a), yCurve(slopeAt(view.activation, a))]), { stroke: ink.accent2, width: 2.5 });
  const label = { size: 11, halo: ink.surface };
  p.text(plot.left + 2, yCurve(top) - 3, `${view.labels.curve} ≤ ${top === 0.25 ? '¼' : String(top)}`, { ...label, fill: ink.accent2, weight: 600 });
  p.text(plot.left + plot.width - 2, yValue(vmax) + 12, view.labels.value, { ...label, fill: ink.muted, anchor: 'end' });

  // One strip per hidden layer: its histogram, each scaled to its own tallest bin.
  const width1 = plot.width / bins;
  view.layers.forEach((layer, l) => {
    const y0 = M.top + CURVE + GAP + l * STRIP;
    const peak = Math.max(1, ...layer.counts);
    p.segments([[[plot.left, y0 + STRIP - 2], [plot.left + plot.width, y0 + STRIP - 2]]], { stroke: ink.rule, width: 1 });
    layer.counts.forEach((c, i) => {
      if (c <= 0) return;
      const h = Math.max(1.5, (c / peak) * (STRIP - 8));
      p.rect(plot.left + i * width1 + 0.5, y0 + STRIP - 2 - h, Math.max(1, width1 - 1), h, ink.accent);
    });
    p.text(plot.left + 2, y0 + 11, view.labels.layer(l, layer.meanSlope.toFixed(3)), { ...label, fill: ink.fg, weight: 600 });
  });

  // The a axis.
  const axisY = bottom + 2;
  p.segments(ticks.map((a): [Point, Point] => [[x(a), axisY], [x(a), axisY + 4]]), { stroke: ink.muted, width: 1 });
  for (const a of ticks) p.text(x(a), axisY + 7, a < 0 ? `−${-a}` : String(a), { fill: ink.muted, size: 11, anchor: 'middle', baseline: 'top' });
  p.text(plot.left + plot.width / 2, height - 8, view.labels.axis, { fill: ink.muted, size: 12, anchor: 'middle' });
}
