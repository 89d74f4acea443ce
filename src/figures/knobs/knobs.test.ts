// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '@/i18n/strings-en';
import { loadStrings } from '@/i18n/ui';
import { ladder, param } from '@/lab/settings/params';
import { KnobPanel, type KnobValues } from './knobs';

/**
 * The knobs as Knobs.astro renders them (a log slider for the learning rate with its typed box, a
 * choice for the activation), driven with the events a browser sends.
 */
const LR = ladder(param('lr'));
const at = (v: number) => LR.indexOf(v);

function render(): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = `
    <div data-knobs>
      <input type="range" data-param="lr" data-log min="0" max="${LR.length - 1}" step="1" value="${at(0.1)}" disabled />
      <input type="text" data-param-input="lr" value="0.1" disabled />
      <select data-param="act" disabled>
        <option value="sigmoid" selected>sigmoid</option>
        <option value="relu">relu</option>
      </select>
    </div>`;
  document.body.append(root);
  return root.querySelector<HTMLElement>('[data-knobs]')!;
}

interface Call {
  values: KnobValues;
  final: boolean;
}

let root: HTMLElement;
let calls: Call[];
let problems: (string | null)[];
let panel: KnobPanel;

const slider = () => root.querySelector<HTMLInputElement>('input[type="range"]')!;
const typed = () => root.querySelector<HTMLInputElement>('[data-param-input="lr"]')!;
const fire = (el: Element, type: string) => el.dispatchEvent(new Event(type, { bubbles: true }));
/** Moves the slider to the ladder's `v`, as one frame of a drag does. */
const drag = (v: number) => {
  slider().value = String(at(v));
  fire(slider(), 'input');
};
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const finals = () => calls.filter((c) => c.final);

beforeAll(async () => {
  // The page's strings file, as the browser fetches it (/ui/en.json holds this dictionary).
  const meta = document.createElement('meta');
  meta.name = 'ui-strings';
  meta.content = '/ui/en.json';
  document.head.append(meta);
  vi.stubGlobal('fetch', async () => ({ json: async () => en }));
  await loadStrings();
  vi.unstubAllGlobals();
});

beforeEach(() => {
  document.body.replaceChildren();
  root = render();
  calls = [];
  problems = [];
  panel = new KnobPanel(
    root,
    'en',
    (values, final) => calls.push({ values, final }),
    (message) => problems.push(message === null ? null : message.map((n) => n.textContent).join('')),
  );
});
afterEach(() => document.body.replaceChildren());

describe('KnobPanel', () => {
  it('enables the controls the server rendered disabled and starts from the rendered values', () => {
    expect(slider().disabled).toBe(false);
    expect(panel.values).toEqual({ lr: 0.1, act: 'sigmoid' });
  });

  it('reports each frame of a drag as a quick (not final) run with the slider’s ladder value', () => {
    drag(0.2);
    drag(0.3);
    expect(calls).toEqual([
      { values: { lr: 0.2, act: 'sigmoid' }, final: false },
      { values: { lr: 0.3, act: 'sigmoid' }, final: false },
    ]);
    expect(typed().value).toBe('0.3');
  });

  it('ends a drag with exactly one full run when the release brings a change event', async () => {
    fire(slider(), 'pointerdown');
    drag(0.2);
    window.dispatchEvent(new Event('pointerup'));
    fire(slider(), 'change');
    await tick();
    expect(finals()).toHaveLength(1);
    expect(finals()[0]!.values.lr).toBe(0.2);
  });

  it('ends a drag with exactly one full run when the release brings no change event', async () => {
    fire(slider(), 'pointerdown');
    drag(0.2);
    window.dispatchEvent(new Event('pointerup'));
    await tick();
    expect(finals()).toHaveLength(1);
    expect(finals()[0]!.values.lr).toBe(0.2);
  });

  it('asks for no full run when a pointer is released without a move', async () => {
    fire(slider(), 'pointerdown');
    window.dispatchEvent(new Event('pointerup'));
    await tick();
    expect(calls).toEqual([]);
  });

  it('applies a typed value with Enter as a full run, and moves the slider to its nearest step', () => {
    typed().value = '0.05';
    typed().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(calls).toEqual([{ values: { lr: 0.05, act: 'sigmoid' }, final: true }]);
    expect(slider().value).toBe(String(at(0.05)));
    expect(problems.at(-1)).toBeNull();
  });

  it('places a typed value between two steps at the nearer one on the log scale', () => {
    // 0.895 is nearer 0.8 by difference but nearer 1 by ratio: a log slider takes 1.
    typed().value = '0.895';
    fire(typed(), 'change');
    expect(slider().value).toBe(String(at(1)));
  });

  it('refuses a bad typed value with a message in the page’s language and brings back the last good value', () => {
    drag(0.3);
    calls = [];
    typed().value = 'fast';
    typed().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(calls).toEqual([]);
    expect(problems.at(-1)).toMatch(/learning rate/i);
    expect(typed().value).toBe('0.3');
    expect(panel.values.lr).toBe(0.3);
  });

  it('refuses a value out of range and keeps the last good one', () => {
    typed().value = '50';
    fire(typed(), 'change');
    expect(calls).toEqual([]);
    expect(problems.at(-1)).not.toBeNull();
    expect(typed().value).toBe('0.1');
  });

  it('asks for no run when the typed value is the one already set', () => {
    typed().value = '0.1';
    fire(typed(), 'change');
    expect(calls).toEqual([]);
  });

  it('reports a new choice as a full run', () => {
    const select = root.querySelector('select')!;
    select.value = 'relu';
    fire(select, 'change');
    expect(calls).toEqual([{ values: { lr: 0.1, act: 'relu' }, final: true }]);
  });

  it('shows values set from outside (Reset, tweak) without reporting them', () => {
    panel.setAll({ lr: 0.02, act: 'relu' });
    expect(calls).toEqual([]);
    expect(slider().value).toBe(String(at(0.02)));
    expect(root.querySelector('select')!.value).toBe('relu');
    expect(panel.values).toEqual({ lr: 0.02, act: 'relu' });
  });
});
