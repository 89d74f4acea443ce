/**
 * <lab-ensemble>: the element the page loads up front (lazy.ts); its live half is ensemble-live.ts.
 * Contract: `data-experiment`, `data-seeds`, `data-state`, `run(options)` and the read-only `lastRun`.
 */
import type { EnsembleResult } from '@/lab/ensemble';
import type { EnsembleIsland } from './ensemble-live';
import { loadStrings } from '@/i18n/ui';
import { LazyIsland } from './lazy';

export class LabEnsemble extends LazyIsland<EnsembleIsland> {
  protected async load(): Promise<EnsembleIsland> {
    const [{ EnsembleIsland }] = await Promise.all([import('./ensemble-live'), loadStrings()]);
    return new EnsembleIsland(this);
  }

  /** Trains seeds first…first + count − 1 (the field's first seed, or `options.first`). */
  async run(options: { first?: number } = {}): Promise<EnsembleResult | null> {
    return (await this.ready()).run(options);
  }

  get lastRun(): EnsembleResult | null {
    return this.live?.lastRun ?? null;
  }
}

if (!customElements.get('lab-ensemble')) customElements.define('lab-ensemble', LabEnsemble);

declare global {
  interface HTMLElementTagNameMap {
    'lab-ensemble': LabEnsemble;
  }
}
