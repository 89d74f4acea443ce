/**
 * Where plain gradient descent stops being stable for the experiment 1/2 model, predicted from the
 * data and the initial weights alone: lr · λ_max = 2, λ_max the top eigenvalue of the loss's
 * curvature at initialisation. Pure float64 arithmetic, no TensorFlow.js.
 *
 * The derivation (what the article's prose retells). The model is Dense(H) linear → Dense(1):
 *
 *   ŷ(z) = Σ_j W2_j (W1_j z + b1_j) + b2.
 *
 * Its gradient with respect to the parameters θ = (W1, b1, W2, b2), at initialisation (b1 = 0), is
 *
 *   J(z) = ∂ŷ/∂θ = z·u + v,   u = (W2, 0, W1, 0),   v = (0, W2, 0, 1),
 *
 * and u ⟂ v (they use disjoint coordinates), with ‖u‖² = s = ‖W1‖² + ‖W2‖², ‖v‖² = t = ‖W2‖² + 1.
 * The loss is the mean squared error over the N training inputs, L = mean (ŷ − y)², whose Hessian is
 *
 *   ∇²L = 2·mean[J Jᵀ] + 2·mean[(ŷ − y) ∇²ŷ].
 *
 * The first term is the Gauss–Newton matrix G. With m1 = mean z and m2 = mean z²,
 * G = 2(m2·u uᵀ + m1·(u vᵀ + v uᵀ) + v vᵀ): rank two, living in the plane of u and v. In the
 * orthonormal basis û = u/√s, v̂ = v/√t it is
 *
 *   G = 2 · [[m2·s, m1·√(s t)], [m1·√(s t), t]],
 *
 * so λ_max(G) = (a + d)/2 + √(((a − d)/2)² + b²) with a = 2·m2·s, d = 2·t, b = 2·m1·√(s t).
 *
 * Gradient descent along an eigenvector of curvature λ multiplies the error there by (1 − lr·λ)
 * each step (overshoot.ts), which grows once lr·λ > 2: the predicted boundary is lr = 2 / λ_max.
 *
 * The second term (the residual times the model's own curvature) is left out. It couples each
 * W2_j with W1_j and b1_j, with eigenvalues ±2·√(mean[r z]² + mean[r]²) for the residual r = ŷ − y;
 * it does not vanish at initialisation (ŷ ≈ 0, so r ≈ −y). For the explosion map's seed it raises
 * the full Hessian's top eigenvalue above G's by 0.2 % (inputs in [0, 0.25]) to 8 % ([0, 8])
 * (stability.test.ts computes both numerically). G alone has the closed form above, depends only
 * on the inputs' two moments and the two weight norms, and is what the prose can derive.
 *
 * What it predicts, measured (explosion.test.ts): no run explodes below lr·λ_max = 2, and the
 * edge where runs start to explode sits at lr·λ_max ≈ 3–4 (1.4–2.3 times the boundary, median
 * 1.7 over the map's 32 input ranges). Between 2 and the edge the first steps do overshoot, the
 * loss jumps up, and the jump shrinks the weights until lr·λ < 2: the run lands in a flatter
 * valley and then learns (the "catapult" of Lewkowycz et al. 2020, whose two-layer analysis puts
 * the edge at lr·λ_0 = 4). Past the edge the jump grows the curvature instead and the run diverges.
 *
 * Glorot's uniform draws have E[w²] = limit²/3 = 2/(fan_in + fan_out), so for H = 32 both
 * ‖W1‖² and ‖W2‖² are about 32 · 2/33 ≈ 1.94: s ≈ 3.88, t ≈ 2.94, and lr·λ ≈ 0.80 for experiment 1
 * (inputs in [0, 1]) and ≈ 4.6 for experiment 2 (inputs in [0, 4]) at lr 0.1.
 */
import type { DataConfig, ExperimentConfig, Initializer } from '../engine/config';
import { makeDataset } from '../engine/data';
import { initialKernel } from '../engine/net';
import { rngFor } from '../engine/random';

/** The inputs' first two moments, mean z and mean z², over the training set. */
export interface Moments {
  m1: number;
  m2: number;
}

/** Squared L2 norms of the two kernels, ‖W1‖² (1 × H) and ‖W2‖² (H × 1). */
export interface KernelNorms {
  w1: number;
  w2: number;
}

/** λ_max of the Gauss–Newton curvature at initialisation, and the learning rate 2/λ_max where descent stops being stable. */
export interface Curvature extends Moments, KernelNorms {
  lambda: number;
  /** 2 / lambda. */
  lr: number;
}

/** mean z and mean z² of the values, in float64. */
export function moments(z: ArrayLike<number>): Moments {
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < z.length; i++) {
    m1 += z[i]!;
    m2 += z[i]! * z[i]!;
  }
  return { m1: m1 / z.length, m2: m2 / z.length };
}

/**
 * The moments the data's recipe leads to on average over the noise: for x = linspace(lo, hi, N)
 * (step h = (hi − lo)/(N − 1)) mean x = (lo + hi)/2 and mean x² = lo² + lo·h·(N − 1) + h²(N − 1)(2N − 1)/6,
 * and the zero-mean noise adds sd² to mean z².
 */
export function expectedMoments(data: DataConfig): Moments {
  const { lo, hi, points: n, noiseSd } = data;
  const h = (hi - lo) / (n - 1);
  const meanSquare = lo * lo + lo * h * (n - 1) + (h * h * (n - 1) * (2 * n - 1)) / 6;
  return { m1: (lo + hi) / 2, m2: meanSquare + noiseSd * noiseSd };
}

/** E‖W‖² of a fanIn × fanOut kernel: fanIn·fanOut·limit²/3 for a uniform draw in ±limit. */
function expectedSquaredNorm(initializer: Initializer, fanIn: number, fanOut: number): number {
  const limit2 = initializer === 'heUniform' ? 6 / fanIn : 6 / (fanIn + fanOut);
  return (fanIn * fanOut * limit2) / 3;
}

/** The closed form above: the top eigenvalue of 2·[[m2·s, m1·√(st)], [m1·√(st), t]]. */
export function gaussNewtonTop(m: Moments, w: KernelNorms): number {
  const s = w.w1 + w.w2;
  const t = w.w2 + 1;
  const a = 2 * m.m2 * s;
  const d = 2 * t;
  const b = 2 * m.m1 * Math.sqrt(s * t);
  return (a + d) / 2 + Math.hypot((a - d) / 2, b);
}

/**
 * λ_max of the Gauss–Newton matrix at any weights of the model (b1 need not be zero any more, nor
 * u ⟂ v): J = z·u + v with u = (W2, 0, W1, 0), v = (0, W2, b1, 1), so G = 2·X·M·Xᵀ with X = [u v]
 * and M = [[m2, m1], [m1, 1]], whose non-zero eigenvalues are those of the 2 × 2 matrix 2·M·(XᵀX).
 * At initialisation this is `gaussNewtonTop`. What a run's curvature became (the catapult lowers it).
 */
export function curvatureAt(weights: { w1: ArrayLike<number>; b1: ArrayLike<number>; w2: ArrayLike<number> }, m: Moments): number {
  let uu = 0;
  let uv = 0;
  let vv = 1;
  for (let j = 0; j < weights.w1.length; j++) {
    const [w1, b1, w2] = [weights.w1[j]!, weights.b1[j]!, weights.w2[j]!];
    uu += w1 * w1 + w2 * w2;
    uv += w1 * b1;
    vv += w2 * w2 + b1 * b1;
  }
  const a = 2 * (m.m2 * uu + m.m1 * uv);
  const b = 2 * (m.m2 * uv + m.m1 * vv);
  const c = 2 * (m.m1 * uu + uv);
  const d = 2 * (m.m1 * uv + vv);
  const half = (a + d) / 2;
  return half + Math.sqrt(Math.max(0, half * half - (a * d - b * c)));
}

function curvature(m: Moments, w: KernelNorms): Curvature {
  const lambda = gaussNewtonTop(m, w);
  return { ...m, ...w, lambda, lr: 2 / lambda };
}

/** Hidden width of a config this file can speak about, or an error in words. */
function hiddenWidth(config: ExperimentConfig): number {
  const [hidden, out] = config.layers;
  if (config.layers.length !== 2 || hidden?.activation !== 'linear' || out?.activation !== 'linear' || out.units !== 1) {
    throw new Error('the stability boundary is derived for Dense(H) linear → Dense(1) linear (experiments 1 and 2)');
  }
  if (config.normalize || config.batchNorm || config.residual) throw new Error('the stability boundary is derived for raw inputs and plain Dense layers');
  return hidden.units;
}

/**
 * The boundary from this config's own seed: the moments of the noisy inputs it trains on and the
 * norms of the kernels its seed draws (the same draws as net.ts `initLayers`).
 */
export function seedCurvature(config: ExperimentConfig): Curvature {
  const H = hiddenWidth(config);
  const z = makeDataset(config.data, rngFor(config.seed, 'noise')).z;
  const rng = rngFor(config.seed, 'init');
  const squared = (k: Float32Array) => k.reduce((sum, v) => sum + v * v, 0);
  const w1 = squared(initialKernel(rng, config.initializer, 1, H));
  const w2 = squared(initialKernel(rng, config.initializer, H, 1));
  return curvature(moments(z), { w1, w2 });
}

/** The boundary any seed has on average: the data's expected moments and the initializer's expected norms. */
export function expectedCurvature(config: ExperimentConfig): Curvature {
  const H = hiddenWidth(config);
  return curvature(expectedMoments(config.data), {
    w1: expectedSquaredNorm(config.initializer, 1, H),
    w2: expectedSquaredNorm(config.initializer, H, 1),
  });
}
