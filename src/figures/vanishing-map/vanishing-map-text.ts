/** The vanishing map's sentence and table rows, shared by the server (baked) and the element (live). */
import { sigmoidBound } from '@/lab/engine/activation-fns';
import { t, type Locale } from '@/i18n/ui';
import type { Activation, Initializer } from '@/lab/engine/config';
import { twoSig, vanishingFindings } from '@/lab/studies/findings';

import { VANISHING_ACTIVATIONS, VANISHING_DEPTHS } from '@/lab/studies/vanishing-grid';

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
  return VANISHING_DEPTHS.map((depth) => [
    String(depth),
    ...VANISHING_ACTIVATIONS.map((a) => twoSig(cells.find((c) => c.depth === depth && c.activation === a)?.ratio ?? NaN)),
    twoSig(sigmoidBound(depth)),
  ]);
}

/** Ratios by activation (VANISHING_ACTIVATIONS order), each by depth: the page's compact form. */
export function packRatios(cells: readonly VanPoint[]): number[][] {
  return VANISHING_ACTIVATIONS.map((a) => VANISHING_DEPTHS.map((d) => Number((cells.find((c) => c.activation === a && c.depth === d)?.ratio ?? NaN).toPrecision(4))));
}

export function unpackRatios(init: Initializer, ratios: readonly (readonly number[])[]): VanPoint[] {
  return VANISHING_ACTIVATIONS.flatMap((activation, i) => VANISHING_DEPTHS.map((depth, j) => ({ depth, activation, init, ratio: ratios[i]?.[j] ?? NaN })));
}
