/**
 * What an article's MDX imports: every figure and every piece of prose that quotes a run. A new
 * figure is a new folder beside this file, its component's line here and, when the site needs to
 * know of it outside its folder (an embed page, a number, an anchor, a picture), its descriptor's
 * line in registry.ts. The embed page takes the components from here by their element names.
 */
export { default as Experiment } from './experiment/Experiment.astro';
export { default as FixCompare } from './fix/FixCompare.astro';
export { default as Ensemble } from './ensemble/Ensemble.astro';
export { default as Predict } from './predict/Predict.astro';
export { default as Overshoot } from './overshoot/Overshoot.astro';
export { default as ExplosionMap } from './explosion-map/ExplosionMap.astro';
export { default as VanishingMap } from './vanishing-map/VanishingMap.astro';
export { default as ExplodingThroughTime } from './exploding/ExplodingThroughTime.astro';
export { default as ThroughTime } from './through-time/ThroughTime.astro';
export { default as Remedies } from './remedies/Remedies.astro';
export { default as Memory } from './memory/Memory.astro';
export { default as Num } from './prose/Num.astro';
export { default as FigNum } from './prose/FigNum.astro';
export { default as FigRef } from './prose/FigRef.astro';
export { default as RunLead } from './prose/RunLead.astro';
export { default as RunNote } from './prose/RunNote.astro';
export { default as Deeper } from './prose/Deeper.astro';
