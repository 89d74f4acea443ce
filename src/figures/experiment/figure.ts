/** Experiment 1–3 (Experiment.astro): what the site needs to know of it (shared/descriptor.ts). */
import { EXPERIMENT_IDS, type ExperimentId } from '../../lab/engine/config.ts';
import type { Attributes, FigureDescriptor } from '../shared/descriptor';

// Stryker disable next-line StringLiteral: any string that is not an experiment id reads the same as ''
export const isExperiment = (v: string | undefined): v is ExperimentId => (EXPERIMENT_IDS as readonly string[]).includes(v ?? '');

export const experiment = {
  tag: 'Experiment',
  anchor: (a: Attributes) => `fig-${a['experiment']}`,
  embed: {
    of: (a: Attributes) => (isExperiment(a['experiment']) ? { id: a['experiment'], props: { experiment: a['experiment'] } } : null),
    height: 560,
  },
} as const satisfies FigureDescriptor;
