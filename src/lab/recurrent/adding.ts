/**
 * The adding problem, in the form of Le, Jaitly & Hinton, "A Simple Way to Initialize Recurrent
 * Networks of Rectified Linear Units" (2015), after Hochreiter & Schmidhuber's experiment 4 in "Long
 * Short-Term Memory" (1997): each step reads two features, a number drawn uniformly from [0, 1) and a
 * marker that is 1 at exactly two steps (one drawn uniformly from the first half of the sequence, one
 * from the second) and 0 elsewhere; the target is the sum of the two marked numbers. The first marker
 * can be as far back as T − 1 steps from the answer, so T sets how long the net must remember.
 *
 * Always answering 1 scores an expected mean squared error of Var(u₁ + u₂) = 2 · 1/12 = 1/6 ≈ 0.167,
 * the baseline a net must go below to have learnt anything.
 */
import type { Rng } from '../engine/random';
import { floats, type Precision } from './cells';
import type { Sequences } from './sequences';

/** The expected MSE of always answering 1 (Le et al. 2015: 0.167). */
export const ADDING_BASELINE = 1 / 6;

/**
 * A batch of the adding problem drawn from `rng` (the caller's `noise` stream, say; successive calls
 * give successive batches). Per sequence, in this order: T numbers, then the two markers' steps.
 */
export function addingProblem(rng: Rng, batch: number, steps: number, precision: Precision = 'float32'): Sequences {
  if (!(steps >= 2)) throw new Error('the adding problem needs at least two steps');
  const half = Math.floor(steps / 2);
  const x = floats(precision, batch * steps * 2);
  const y = floats(precision, batch);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) x[(b * steps + t) * 2] = rng.next();
    const first = Math.floor(rng.next() * half);
    const second = half + Math.floor(rng.next() * (steps - half));
    x[(b * steps + first) * 2 + 1] = 1;
    x[(b * steps + second) * 2 + 1] = 1;
    y[b] = x[(b * steps + first) * 2]! + x[(b * steps + second) * 2]!;
  }
  return { batch, steps, features: 2, x, y };
}
