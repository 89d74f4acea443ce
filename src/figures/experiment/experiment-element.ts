/**
 * <lab-experiment>: the element the page loads up front (lazy.ts); its live half is
 * experiment-live.ts. Contract for tests and power users: `data-experiment`, `data-state`, every knob
 * is `[data-param="KEY"]`, `run(options)` (the Run button's path; `options` set the seed and ACT
 * first), `tweak(values)` (sets knobs as a reader would and resolves with the run once it is
 * painted) and the read-only `lastRun`.
 */
import type { RunTrace } from '@/lab/engine/trace';
import type { ExperimentIsland, RunOptions } from './experiment-live';
import { defineIsland, FigureIsland } from '@/figures/shared/lazy';
import { setUpTabs } from '@/figures/shared/tabs';

export class LabExperiment extends FigureIsland<RunOptions, RunTrace, ExperimentIsland> {
  override connectedCallback(): void {
    super.connectedCallback();
    setUpTabs(this);
  }

  protected async load(): Promise<ExperimentIsland> {
    const { module, baked } = await this.withBaked(import('./experiment-live'));
    return new module.ExperimentIsland(this, baked);
  }
}

defineIsland('lab-experiment', LabExperiment);
