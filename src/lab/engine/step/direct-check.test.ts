/**
 * The direct step's self-check (direct.ts), against tampered exports of tfjs-backend-wasm: what a tfjs
 * upgrade that changed a kernel's argument list would look like from here. tfjs's own kernels keep the
 * functions they bound at start-up, so only the direct step sees a tampered export.
 *
 * One process per test file: the first test is the first in this process to ask for the verdict,
 * which is then kept for the process, as in a worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { preset } from '../config';
import { DirectSgd } from './direct';
import { Session } from '../session';
import { train } from '../train';
import type { BackendInfo, RunTrace } from '../trace';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

type Exports = Record<string, unknown>;
const exports = () => (tf.backend() as unknown as { wasm: Exports }).wasm;

/** Runs `body` with the export `name` replaced, and puts it back. */
function tampered<T>(name: string, replacement: (original: (...args: number[]) => void) => unknown, body: () => T): T {
  const wasm = exports();
  const original = wasm[name] as (...args: number[]) => void;
  wasm[name] = replacement(original);
  try {
    return body();
  } finally {
    wasm[name] = original;
  }
}

const numbers = (t: RunTrace) => ({ epochs: t.epochs.map((e) => ({ ...e, msPerStep: 0 })), predictions: t.predictions, trip: t.trip });

describe('in a process whose tfjs-backend-wasm computes something else behind an export', () => {
  it('the first run’s self-check fails, every run takes the lean step with the same numbers, and the trace says why', async () => {
    // _Sub with its operands swapped (b − a), as if an upgrade had reordered its arguments.
    const swapped = (sub: (...args: number[]) => void) => (aId: number, aShape: number, aRank: number, bId: number, bShape: number, bRank: number, dtype: number, outId: number) =>
      sub(bId, bShape, bRank, aId, aShape, aRank, dtype, outId);
    await tampered('_Sub', swapped, async () => {
      const session = new Session(preset('exp1'), [1]);
      expect(session.path).toBe('lean');
      expect(session.directFallback).toMatch(/^the direct step failed its self-check \(.+\); runs take the lean step$/);
      session.dispose();
      const trace = await train(preset('exp3'), { backend });
      expect(trace.path).toBe('lean');
      expect(trace.directFallback).toBe(session.directFallback);
      expect(numbers(trace)).toEqual(numbers(await train(preset('exp3'), { backend, direct: false })));
    });
    // The verdict stays for the process, as in a worker: the export is back, the direct step is not.
    expect(DirectSgd.verdict()).toMatchObject({ ok: false });
    expect((await train(preset('exp1'), { backend })).path).toBe('lean');
    // A run the direct step could not serve anyway has nothing to explain.
    const general = await train({ ...preset('exp1'), optimizer: 'momentum' }, { backend });
    expect([general.path, general.directFallback]).toEqual(['general', undefined]);
  });
});

describe('the self-check', () => {
  it('passes on tfjs-backend-wasm 4.22 as installed', () => {
    expect(DirectSgd.selfCheck()).toMatchObject({ ok: true });
  });

  // Every kernel the direct step calls, made to do nothing (its output keeps what it held).
  const KERNELS = ['__FusedMatMul', '_BatchMatMul', '_Sub', '_Multiply', '_Square', '_Sqrt', '_Sum', '_Mean', '_Step', '_Transpose', '_Abs'];
  for (const name of KERNELS) {
    it(`fails when ${name} does not compute`, () => {
      const verdict = tampered(name, () => () => {}, () => DirectSgd.selfCheck());
      expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/ on the direct step, .+ on the tensor path/) });
    });
  }

  it('fails when the re-registration that drops cached XNNPACK operators does nothing (stale packed weights)', () => {
    const verdict = tampered('_dispose_data', (dispose) => (id: number) => (id < 0 ? dispose(id) : undefined), () => DirectSgd.selfCheck());
    expect(verdict).toMatchObject({ ok: false });
  });

  it('fails when an export it calls is missing', () => {
    const verdict = tampered('_Abs', () => undefined, () => DirectSgd.selfCheck());
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('tfjs-backend-wasm has no _Abs') });
  });

  it('fails when tf.clone shares memory instead of copying', () => {
    const identity = tf.getKernel('Identity', 'wasm')!;
    tf.unregisterKernel('Identity', 'wasm');
    tf.registerKernel({
      ...identity,
      kernelFunc: ({ inputs, backend: wasm }) => {
        const { x } = inputs as { x: tf.Tensor };
        (wasm as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
        return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
      },
    });
    try {
      expect(DirectSgd.selfCheck()).toMatchObject({ ok: false, reason: expect.stringContaining('tf.clone shares memory') });
    } finally {
      tf.unregisterKernel('Identity', 'wasm');
      tf.registerKernel(identity);
    }
  });

  it('leaves no tensors behind, passed or failed', () => {
    DirectSgd.selfCheck();
    const before = tf.memory().numTensors;
    DirectSgd.selfCheck();
    tampered('_Transpose', () => () => {}, () => DirectSgd.selfCheck());
    tampered('_Abs', () => undefined, () => DirectSgd.selfCheck());
    expect(tf.memory().numTensors).toBe(before);
  });
});
