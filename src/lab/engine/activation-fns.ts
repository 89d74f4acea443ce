/**
 * The hidden layers' activation functions and their slopes, and the shape of a layer's slope
 * summary: what the σ′ figure draws in the page, where TensorFlow.js is not loaded
 * (preactivations.ts re-exports all of it).
 */
import type { Activation } from './config';

export function activate(activation: Activation, a: number): number {
  switch (activation) {
    case 'linear':
      return a;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-a));
    case 'relu':
      return a > 0 ? a : 0;
    case 'tanh':
      return Math.tanh(a);
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** act′(a) from the pre-activation: σ(a)(1 − σ(a)) ≤ ¼, 1 − tanh²(a) ≤ 1, relu 1 for a > 0 else 0, linear 1. */
export function slopeAt(activation: Activation, a: number): number {
  switch (activation) {
    case 'linear':
      return 1;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-a));
      return s * (1 - s);
    }
    case 'relu':
      return a > 0 ? 1 : Number.isNaN(a) ? NaN : 0;
    case 'tanh': {
      const t = Math.tanh(a);
      return 1 - t * t;
    }
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** The histogram's bins: `bins` equal bins over [lo, hi). Fixed, so epochs and layers share one axis. */
export interface SlopeRange {
  lo: number;
  hi: number;
  bins: number;
}

/** ±6 covers σ′ from 0.0025 up to ¼ and back, in bins of 0.25. */
export const SLOPE_RANGE: SlopeRange = { lo: -6, hi: 6, bins: 48 };

export interface SlopeSummary {
  activation: Activation;
  range: SlopeRange;
  /** How many pre-activations fell in each bin, and beyond either end. */
  counts: number[];
  below: number;
  above: number;
  /** NaN or ±Infinity values (in no bin). */
  nonFinite: number;
  /** All values, counted or not. */
  total: number;
  /** Mean of act′(a) over all the values (NaN if any is non-finite, as the trace's `slopes`). */
  meanSlope: number;
  /** Mean and standard deviation of the values themselves. */
  mean: number;
  sd: number;
}

/**
 * The slope bound alone: a sigmoid's slope is at most ¼, so the chain rule through n sigmoid layers
 * multiplies by at most 0.25ⁿ before the weights have their say. Drawn beside the sigmoid line,
 * with n = depth (the gradient reaching the first kernel crosses every hidden layer's slope).
 */
export function sigmoidBound(depth: number): number {
  return 0.25 ** depth;
}
