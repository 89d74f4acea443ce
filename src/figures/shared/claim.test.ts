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

const { errorText, stopTraining, trainOnLab } = await import('./claim');
const { Shell } = await import('./shell');
const { UI } = await import('@/i18n/ui');
const { en } = await import('@/i18n/strings-en');
// The English dictionary, as the server holds it (the badge and the status line are read in words).
Object.assign(UI, { en });

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
    expect(host.querySelector('[data-badge]')!.textContent).toBe('WASM · SIMD · 1 thread');
    expect(host.querySelector('[data-status]')!.textContent).toBe('Training…');
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

  it('does not go back to loading when the figure is already training (the next frame of a drag)', async () => {
    const host = figure();
    const shell = new Shell(host);
    shell.setState('training');
    const states: string[] = [];
    client.claim.mockImplementation(async () => {
      states.push(host.dataset['state']!);
      return { backend: { name: 'wasm', simd: false, threads: 2 }, fallbacks: [], run: async () => done };
    });
    await trainOnLab(shell)({ config, final: false }, () => {});
    expect(states).toEqual(['training']);
    expect(host.querySelector('[data-badge]')!.textContent).toBe('WASM · 2 threads');
  });

  it('says what was thrown when a claim fails with something that is not an Error', async () => {
    client.claim.mockRejectedValue('worker gone');
    const trace = await trainOnLab(new Shell(figure()))({ config, final: true }, () => {});
    expect(trace.error).toBe('worker gone');
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

describe('errorText', () => {
  it('is the state’s word, a colon and the message', () => {
    expect(errorText('Error', new Error('out of memory'))).toBe('Error: out of memory');
    expect(errorText('錯誤', 'worker gone')).toBe('錯誤: worker gone');
  });
});
