// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { preset } from '@/lab/engine/config';
import type { RunTrace } from '@/lab/engine/trace';

/** The page's lab worker, replaced: the test says whether a claim succeeds and sees each run asked of it. */
const client = vi.hoisted(() => ({
  claim: vi.fn(),
  cancel: vi.fn(),
  reset: vi.fn(),
}));
vi.mock('@/worker/client', () => ({
  labClient: () => ({ claim: client.claim, cancel: client.cancel }),
  resetLabClient: client.reset,
}));

const { stopTraining, trainOnLab } = await import('./claim');
const { Shell } = await import('./shell');

function figure(): HTMLElement {
  const host = document.createElement('div');
  host.dataset['locale'] = 'en';
  host.innerHTML = '<span data-badge></span><button data-action="stop" disabled></button><p data-status></p>';
  document.body.replaceChildren(host);
  return host;
}

const config = preset('exp1');
const done = { status: 'done' } as RunTrace;

describe('trainOnLab (how every figure starts a training run)', () => {
  beforeEach(() => {
    client.claim.mockReset();
    client.cancel.mockReset();
    client.reset.mockReset();
  });

  it('claims the worker, shows its backend, says training, and runs the job’s settings in full when the reader let go', async () => {
    const host = figure();
    const run = vi.fn(async () => done);
    const states: string[] = [];
    client.claim.mockImplementation(async () => {
      states.push(host.dataset['state']!);
      return { backend: { name: 'wasm', simd: true, threads: 1 }, fallbacks: [], run };
    });
    const trace = await trainOnLab(new Shell(host))({ config, final: true }, () => {});
    expect(trace).toBe(done);
    expect(states).toEqual(['loading']);
    expect(host.dataset['state']).toBe('training');
    expect(host.querySelector('[data-badge]')!.textContent).not.toBe('');
    expect(run).toHaveBeenCalledWith(config, expect.any(Function), { quick: false });
  });

  it('asks for a quick run for a drag’s frame, and leaves the status line alone', async () => {
    const host = figure();
    host.querySelector('[data-status]')!.textContent = 'as before';
    const run = vi.fn(async () => done);
    client.claim.mockResolvedValue({ backend: { name: 'wasm', simd: true, threads: 1 }, fallbacks: [], run });
    await trainOnLab(new Shell(host))({ config, final: false }, () => {});
    expect(run).toHaveBeenCalledWith(config, expect.any(Function), { quick: true });
    expect(host.querySelector('[data-status]')!.textContent).toBe('as before');
  });

  it('ends a failed claim as an error trace with the reason, and drops the client so the next try starts afresh', async () => {
    const host = figure();
    client.claim.mockRejectedValue(new Error('no backend could start'));
    const trace = await trainOnLab(new Shell(host))({ config, final: true }, () => {});
    expect(trace.status).toBe('error');
    expect(trace.error).toBe('no backend could start');
    expect(client.reset).toHaveBeenCalledOnce();
  });

  it('lets a figure run its own pair instead, and see what the claim found first', async () => {
    const host = figure();
    const lab = { backend: { name: 'cpu', simd: false, threads: 0 }, fallbacks: ['wasm: failed'], run: vi.fn() };
    client.claim.mockResolvedValue(lab);
    const seen: unknown[] = [];
    const trace = await trainOnLab(new Shell(host), { claimed: (l) => seen.push(l), run: async () => done })({ config, final: true }, () => {});
    expect(trace).toBe(done);
    expect(seen).toEqual([lab]);
    expect(lab.run).not.toHaveBeenCalled();
  });
});

describe('stopTraining', () => {
  it('drops the value waiting for its turn and cancels the run in the worker', () => {
    const scheduler = { dropPending: vi.fn() };
    stopTraining(scheduler);
    expect(scheduler.dropPending).toHaveBeenCalledOnce();
    expect(client.cancel).toHaveBeenCalledOnce();
  });
});
