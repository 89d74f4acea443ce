/**
 * The colours of the figures drawn by hand (the explosion map, σ′ under each layer) and of the
 * images baked for readers without JavaScript, per colour scheme. One table, because a canvas reads
 * it at run time and the build writes it into SVG files, where the page's CSS cannot reach.
 *
 * Chosen to stay apart for the common colour-vision deficiencies (palette.test.ts simulates
 * protanopia, deuteranopia and tritanopia and measures the distances): outcomes are blue (learned),
 * grey (stalled) and orange (exploded), never red against green; epochs of an explosion are a ramp
 * in lightness, not in hue; exploded cells are also hatched, so texture tells them apart too.
 */
import { mixLab } from './colour';

export type Scheme = 'light' | 'dark';
export const SCHEMES: readonly Scheme[] = ['light', 'dark'];

/** The page's own colours (global.css :root and its dark block; palette.test.ts keeps them equal). */
export interface Ink {
  bg: string;
  surface: string;
  fg: string;
  muted: string;
  rule: string;
  accent: string;
  accent2: string;
}

export const INK: Record<Scheme, Ink> = {
  light: { bg: '#fdfdfb', surface: '#f3f2ee', fg: '#1c1c1c', muted: '#575757', rule: '#dcdcd6', accent: '#0a5bb5', accent2: '#b43d0c' },
  dark: { bg: '#121417', surface: '#1b1e22', fg: '#e6e6e3', muted: '#a9aaa6', rule: '#34373c', accent: '#7ab4ff', accent2: '#ff9b6b' },
};

/** The explosion map's cells. Exploded runs go from `early` (epoch 1, the most contrast with the figure) to `late` (the last epoch). */
export interface MapColours {
  learned: string;
  stalled: string;
  early: string;
  late: string;
  /** The hatch drawn over exploded cells. */
  hatch: string;
  /** The dot in a cell not computed yet (the cell itself shows the figure's background). */
  pending: string;
}

export const MAP_COLOURS: Record<Scheme, MapColours> = {
  light: { learned: '#3b7dc4', stalled: '#b5b4ae', early: '#7a2a00', late: '#f7a864', hatch: 'rgba(255, 255, 255, 0.45)', pending: '#9a9a94' },
  dark: { learned: '#5fa2e6', stalled: '#686c72', early: '#ffa45c', late: '#9a4a12', hatch: 'rgba(0, 0, 0, 0.4)', pending: '#5d6167' },
};

/**
 * The colour of a run that went non-finite at `epoch` (1-based) of `epochs`: along the ramp by
 * log(epoch) / log(epochs), so the first few epochs, where almost every explosion happens, are
 * told apart (epoch 2 sits a quarter of the way along a 20-epoch ramp, not a twentieth).
 */
export function explodedColour(scheme: Scheme, epoch: number, epochs: number): string {
  const { early, late } = MAP_COLOURS[scheme];
  const t = epochs <= 1 ? 0 : Math.min(1, Math.max(0, Math.log(epoch) / Math.log(epochs)));
  return mixLab(early, late, t);
}

/** A map cell's fill: by outcome, exploded runs by their epoch; null for a cell not computed. */
export function cellColour(scheme: Scheme, cell: { outcome: string; firstNonFiniteEpoch: number | null } | null, epochs: number): string | null {
  if (!cell) return null;
  const c = MAP_COLOURS[scheme];
  if (cell.outcome === 'exploded') return explodedColour(scheme, cell.firstNonFiniteEpoch ?? 1, epochs);
  return cell.outcome === 'learned' ? c.learned : c.stalled;
}

/** One colour and dash per activation on the vanishing map (Okabe–Ito hues, lighter in the dark). */
export const ACTIVATION_STYLE: Record<Scheme, Record<'sigmoid' | 'tanh' | 'relu' | 'linear', { colour: string; dash: number[] }>> = {
  light: {
    sigmoid: { colour: '#c85200', dash: [] },
    tanh: { colour: '#0072b2', dash: [8, 4] },
    relu: { colour: '#00876a', dash: [2, 3] },
    linear: { colour: '#4d4d4d', dash: [12, 4, 2, 4] },
  },
  dark: {
    sigmoid: { colour: '#ff8c42', dash: [] },
    tanh: { colour: '#56b4e9', dash: [8, 4] },
    relu: { colour: '#3fcf9f', dash: [2, 3] },
    linear: { colour: '#c8c8c4', dash: [12, 4, 2, 4] },
  },
};

/** The scheme the page is shown in now. */
export function currentScheme(): Scheme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
