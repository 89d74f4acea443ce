/**
 * <lab-fix>: the element the page loads up front (lazy.ts); its live half is fix-live.ts. Contract:
 * `data-fix`, `data-state`, knobs are `[data-param="KEY"]`, `run({ seed })` (trains before and after
 * on one seed), `tweak(values)` (resolves with the pair once painted) and the read-only `lastRun`.
 */
import type { FixIsland, Pair } from './fix-live';
import { defineIsland, FigureIsland } from '@/figures/shared/lazy';

export class LabFix extends FigureIsland<{ seed?: number }, Pair | null, FixIsland> {
  protected async load(): Promise<FixIsland> {
    const { module, baked } = await this.withBaked(import('./fix-live'));
    return new module.FixIsland(this, baked);
  }
}

defineIsland('lab-fix', LabFix);
