/** The vanishing map's sentence and table rows, shared by the server (baked) and the element (live). */
import { sigmoidBound } from '@/lab/engine/activation-fns';
import { t, type Locale } from '@/i18n/ui';
import type { Activation, Initializer } from '@/lab/engine/config';
import { twoSig, vanishingFindings } from '@/lab/studies/findings';

// Module constants run once at import, before any test, so per-test coverage cannot tie them to a
// test (the table tests check their values).
// Stryker disable next-line all: evaluated at import only
export const VAN_ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu', 'linear'];
// Stryker disable next-line all: evaluated at import only
export const VAN_DEPTHS: readonly number[] = Array.from({ length: 10 }, (_, i) => i + 1);

export interface VanPoint {
  depth: number;
  activation: Activation;
  init: Initializer;
  ratio: number;
}

/** "Glorot uniform: with sigmoid the ratio falls from 0.077 … ×0.23 per added layer; …" */
export function vanishingSummary(locale: Locale, init: Initializer, cells: readonly VanPoint[]): string {
  const f = vanishingFindings(init, cells);
  return t(locale, 'vanSummary', {
    init: t(locale, `o_init_${init}`),
    s1: twoSig(f.sigmoid1),
    s10: twoSig(f.sigmoid10),
    factor: twoSig(f.sigmoidFactor),
    tmin: twoSig(f.tanhMin),
    tmax: twoSig(f.tanhMax),
    rmin: twoSig(f.reluMin),
    rmax: twoSig(f.reluMax),
    lmin: twoSig(f.linearMin),
    lmax: twoSig(f.linearMax),
  });
}

/** The table's rows: depth, then each activation's ratio, then 0.25ⁿ. */
export function vanishingRows(cells: readonly VanPoint[]): string[][] {
  return VAN_DEPTHS.map((depth) => [
    String(depth),
    ...VAN_ACTIVATIONS.map((a) => twoSig(cells.find((c) => c.depth === depth && c.activation === a)?.ratio ?? NaN)),
    twoSig(sigmoidBound(depth)),
  ]);
}

/** Ratios by activation (VAN_ACTIVATIONS order), each by depth: the page's compact form. */
export function packRatios(cells: readonly VanPoint[]): number[][] {
  return VAN_ACTIVATIONS.map((a) => VAN_DEPTHS.map((d) => Number((cells.find((c) => c.activation === a && c.depth === d)?.ratio ?? NaN).toPrecision(4))));
}

export function unpackRatios(init: Initializer, ratios: readonly (readonly number[])[]): VanPoint[] {
  return VAN_ACTIVATIONS.flatMap((activation, i) => VAN_DEPTHS.map((depth, j) => ({ depth, activation, init, ratio: ratios[i]?.[j] ?? NaN })));
}
