/**
 * The memory figure's worker (memory-protocol.ts says why it has its own): trains the simple RNN
 * and/or the LSTM on the adding problem, a slice of about 30 ms at a time, posting each slice's
 * losses and then yielding so that a `stop` or a newer `train` gets in. The cells take turns one step
 * each, so both lines advance together however different their speeds. An ensemble trains its runs
 * one after another, each as the build's memoryEnsemble does (same trainer, same rule), in slices too.
 */
/// <reference lib="webworker" />
import { ensembleJobs, MemoryTrainer, tailMean, type MemoryCell } from '@/lab/recurrent/memory';
import type { FromMemoryWorker, ToMemoryWorker } from './memory-protocol';

const SLICE_MS = 30;

/** The last trainer of each cell, kept for a carry-on. */
const trainers = new Map<MemoryCell, MemoryTrainer>();
/** The run that may go on; a newer train or a stop replaces it. */
let current = 0;

const post = (message: FromMemoryWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function train(m: Extract<ToMemoryWorker, { type: 'train' }>): Promise<void> {
  const started = performance.now();
  const run = m.cells.map((cell) => {
    const kept = trainers.get(cell);
    const trainer = m.carryOn && kept && kept.length === m.length && kept.seed === m.seed ? kept : new MemoryTrainer(cell, m.length, m.seed);
    trainers.set(cell, trainer);
    return { cell, trainer, until: trainer.taken + m.steps };
  });
  const taken = () => Object.fromEntries(run.map((r) => [r.cell, r.trainer.taken]));
  try {
    while (run.some((r) => r.trainer.taken < r.until)) {
      if (current !== m.runId) return post({ type: 'done', runId: m.runId, status: 'cancelled', taken: taken(), totalMs: performance.now() - started });
      const slice = run.map((r) => ({ from: r.trainer.taken, losses: [] as number[] }));
      const t0 = performance.now();
      do {
        run.forEach((r, i) => {
          if (r.trainer.taken < r.until) slice[i]!.losses.push(r.trainer.step());
        });
      } while (performance.now() - t0 < SLICE_MS && run.some((r) => r.trainer.taken < r.until));
      run.forEach((r, i) => {
        const losses = Float64Array.from(slice[i]!.losses);
        if (losses.length) post({ type: 'losses', runId: m.runId, cell: r.cell, from: slice[i]!.from, losses }, [losses.buffer]);
      });
      await nextTask();
    }
    post({ type: 'done', runId: m.runId, status: current === m.runId ? 'done' : 'cancelled', taken: taken(), totalMs: performance.now() - started });
  } catch (e) {
    post({ type: 'done', runId: m.runId, status: 'error', taken: taken(), totalMs: performance.now() - started, error: String(e) });
  }
}

async function ensemble(m: Extract<ToMemoryWorker, { type: 'ensemble' }>): Promise<void> {
  const started = performance.now();
  const end = (status: 'done' | 'cancelled' | 'error', error?: string) =>
    post({ type: 'done', runId: m.runId, status, taken: {}, totalMs: performance.now() - started, ...(error !== undefined ? { error } : {}) });
  try {
    for (const [job, { cell, seed }] of ensembleJobs(m.seeds).entries()) {
      const trainer = new MemoryTrainer(cell, m.length, seed);
      const losses: number[] = [];
      while (trainer.taken < m.steps) {
        if (current !== m.runId) return end('cancelled');
        const t0 = performance.now();
        do losses.push(trainer.step());
        while (performance.now() - t0 < SLICE_MS && trainer.taken < m.steps);
        post({ type: 'seed-step', runId: m.runId, job, step: trainer.taken });
        await nextTask();
      }
      post({ type: 'seed-done', runId: m.runId, job, final: tailMean(losses) });
    }
    end(current === m.runId ? 'done' : 'cancelled');
  } catch (e) {
    end('error', String(e));
  }
}

self.addEventListener('message', (e: MessageEvent<ToMemoryWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'train':
      current = m.runId;
      void train(m);
      break;
    case 'ensemble':
      current = m.runId;
      void ensemble(m);
      break;
    case 'stop':
      if (current === m.runId) current = 0;
      break;
    default: {
      const never: never = m;
      throw new Error(`memory worker: unknown message ${JSON.stringify(never)}`);
    }
  }
});
