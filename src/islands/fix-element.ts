/**
 * <lab-fix>: the element the page loads up front (lazy.ts); its live half is fix-live.ts. Contract:
 * `data-fix`, `data-state`, knobs are `[data-param="KEY"]`, `run(options)`, `tweak(values)` (resolves
 * with the pair once painted) and the read-only `lastRun`.
 */
import type { Values } from '@/lab/params';
import type { FixIsland, Pair } from './fix-live';
import { loadStrings } from '@/i18n/ui';
import { LazyIsland } from './lazy';

export class LabFix extends LazyIsland<FixIsland> {
  protected async load(): Promise<FixIsland> {
    const [{ FixIsland }, baked] = await Promise.all([import('./fix-live'), this.baked(), loadStrings()]);
    return new FixIsland(this, baked);
  }

  /** Trains before and after on one seed (the field's, or `options.seed`) and shows both. */
  async run(options: { seed?: number } = {}): Promise<Pair | null> {
    return (await this.ready()).run(options);
  }

  /** Sets the knobs (and seed) as a reader would, re-trains the pair and resolves with it once painted. */
  async tweak(values: Partial<Values>): Promise<Pair | null> {
    return (await this.ready()).tweak(values);
  }

  /** The last pair this figure painted from a live run (null until one finishes). */
  get lastRun(): Pair | null {
    return this.live?.lastRun ?? null;
  }
}

if (!customElements.get('lab-fix')) customElements.define('lab-fix', LabFix);

declare global {
  interface HTMLElementTagNameMap {
    'lab-fix': LabFix;
  }
}
