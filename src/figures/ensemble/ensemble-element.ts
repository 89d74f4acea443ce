/**
 * <lab-ensemble>: the element the page loads up front (lazy.ts); its live half is ensemble-live.ts.
 * Contract: `data-experiment`, `data-seeds`, `data-state`, `run({ first })` (trains seeds first…first
 * + count − 1; the field's first seed by default) and the read-only `lastRun`.
 */
import type { EnsembleResult } from '@/lab/engine/ensemble';
import type { EnsembleIsland } from './ensemble-live';
import { loadStrings } from '@/i18n/ui';
import { defineIsland, FigureIsland } from '@/figures/shared/lazy';

export class LabEnsemble extends FigureIsland<{ first?: number }, EnsembleResult | null, EnsembleIsland> {
  protected async load(): Promise<EnsembleIsland> {
    const [{ EnsembleIsland }] = await Promise.all([import('./ensemble-live'), loadStrings()]);
    return new EnsembleIsland(this);
  }
}

defineIsland('lab-ensemble', LabEnsemble);
