/**
 * <lab-experiment>: the element the page loads up front (lazy.ts); its live half is
 * experiment-live.ts. Contract for tests and power users: `data-experiment`, `data-state`, every knob
 * is `[data-param="KEY"]`, `run(options)` (the Run button's path), `tweak(values)` (sets knobs as a
 * reader would and resolves with the run once it is painted) and the read-only `lastRun`.
 */
import type { Values } from '@/lab/params';
import type { RunTrace } from '@/lab/trace';
import type { ExperimentIsland, RunOptions } from './experiment-live';
import { loadStrings } from '@/i18n/ui';
import { LazyIsland } from './lazy';
import { setUpTabs } from './tabs';

export class LabExperiment extends LazyIsland<ExperimentIsland> {
  override connectedCallback(): void {
    super.connectedCallback();
    setUpTabs(this);
  }

  protected async load(): Promise<ExperimentIsland> {
    const [{ ExperimentIsland }, baked] = await Promise.all([import('./experiment-live'), this.baked(), loadStrings()]);
    return new ExperimentIsland(this, baked);
  }

  /** Trains the current settings (the Run button's path); `options` set the seed and ACT first. */
  async run(options: RunOptions = {}): Promise<RunTrace> {
    return (await this.ready()).run(options);
  }

  /** Sets knobs (and the seed) as a reader would and resolves with the run once it is painted. */
  async tweak(values: Partial<Values>): Promise<RunTrace> {
    return (await this.ready()).tweak(values);
  }

  /** The last run painted in this page (null until one finishes). */
  get lastRun(): RunTrace | null {
    return this.live?.lastRun ?? null;
  }
}

if (!customElements.get('lab-experiment')) customElements.define('lab-experiment', LabExperiment);

declare global {
  interface HTMLElementTagNameMap {
    'lab-experiment': LabExperiment;
  }
}
