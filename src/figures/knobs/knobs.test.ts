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

// happy-dom has no `defaultSelected`; the standard's: whether the option carries the `selected` attribute.
Object.defineProperty(HTMLOptionElement.prototype, 'defaultSelected', {
  configurable: true,
  get(this: HTMLOptionElement) {
    return this.hasAttribute('selected');
  },
});
const at = (v: number) => LR.indexOf(v);

function render(): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = `
    <div data-knobs>
      <input type="range" data-param="lr" data-log min="0" max="${LR.length - 1}" step="1" value="${at(0.1)}" disabled />
      <input type="text" data-param-input="lr" value="0.1" disabled />
      <input type="text" data-param="seed" value="7" disabled />
      <input type="range" data-zoom min="0" max="4" value="2" />
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

  it('enables the typed box and leaves the seed field out of the knobs', () => {
    expect(typed().disabled).toBe(false);
    expect(panel.keys).toEqual(['lr', 'act']);
  });

  it('gives a screen reader the slider’s value', () => {
    drag(0.2);
    expect(slider().getAttribute('aria-valuetext')).toBe('0.2');
  });

  it('takes no notice of a pointer pressed on something other than a knob’s slider', async () => {
    fire(root.querySelector('select')!, 'pointerdown');
    fire(typed(), 'pointerdown');
    fire(root.querySelector('[data-zoom]')!, 'pointerdown');
    drag(0.2);
    window.dispatchEvent(new Event('pointerup'));
    await tick();
    expect(finals()).toEqual([]);
  });

  it('ends a drag whose pointer was cancelled with one full run, and stops listening after the release', async () => {
    fire(slider(), 'pointerdown');
    drag(0.2);
    window.dispatchEvent(new Event('pointercancel'));
    await tick();
    drag(0.3);
    window.dispatchEvent(new Event('pointerup'));
    await tick();
    expect(finals()).toHaveLength(1);
    expect(finals()[0]!.values.lr).toBe(0.2);
  });

  it('stops listening after a release by pointerup, for pointercancel too', async () => {
    fire(slider(), 'pointerdown');
    drag(0.2);
    window.dispatchEvent(new Event('pointerup'));
    await tick();
    drag(0.3);
    window.dispatchEvent(new Event('pointercancel'));
    await tick();
    expect(finals()).toHaveLength(1);
  });

  it('sees the release even when the page stops the event on its way up', async () => {
    root.addEventListener('pointerup', (e) => e.stopPropagation());
    root.addEventListener('pointercancel', (e) => e.stopPropagation());
    fire(slider(), 'pointerdown');
    drag(0.2);
    fire(slider(), 'pointerup');
    await tick();
    expect(finals()).toHaveLength(1);
    fire(slider(), 'pointerdown');
    drag(0.3);
    fire(slider(), 'pointercancel');
    await tick();
    expect(finals()).toHaveLength(2);
  });

  it('keeps the value when a change event comes from a position past the ladder', () => {
    slider().max = String(LR.length + 5);
    slider().value = String(LR.length + 2);
    fire(slider(), 'change');
    expect(calls).toEqual([{ values: { lr: 0.1, act: 'sigmoid' }, final: true }]);
  });

  it('takes no notice of a change from a slider that is not a knob, or from the seed field', () => {
    fire(root.querySelector('[data-zoom]')!, 'change');
    fire(root.querySelector('[data-param="seed"]')!, 'change');
    expect(calls).toEqual([]);
  });

  it('takes no notice of a pointer pressed in the seed field', async () => {
    fire(root.querySelector('[data-param="seed"]')!, 'pointerdown');
    drag(0.2);
    window.dispatchEvent(new Event('pointerup'));
    await tick();
    expect(finals()).toEqual([]);
  });

  it('clears a problem as soon as the slider moves', () => {
    typed().value = 'fast';
    fire(typed(), 'change');
    drag(0.2);
    expect(problems).toEqual([expect.stringMatching(/learning rate/i), null]);
  });

  it('ignores a slider position past the end of its ladder', () => {
    slider().max = String(LR.length + 5);
    slider().value = String(LR.length + 2);
    fire(slider(), 'input');
    expect(calls).toEqual([]);
    expect(panel.values.lr).toBe(0.1);
  });

  it('runs in full a slider moved by the keyboard (a change event with no input before it)', () => {
    slider().value = String(at(0.5));
    fire(slider(), 'change');
    expect(calls).toEqual([{ values: { lr: 0.5, act: 'sigmoid' }, final: true }]);
    expect(typed().value).toBe('0.5');
  });

  it('applies a typed value only with Enter, not with other keys', () => {
    typed().value = '0.05';
    const other = new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true });
    typed().dispatchEvent(other);
    expect(calls).toEqual([]);
    expect(other.defaultPrevented).toBe(false);
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    typed().dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('ignores Enter outside a typed box', () => {
    root.querySelector('select')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(calls).toEqual([]);
  });

  it('reports a typed value with the key it changed', () => {
    const keys: string[] = [];
    document.body.replaceChildren();
    const fresh = render();
    new KnobPanel(fresh, 'en', (_v, _f, key) => keys.push(key), () => {});
    const box = fresh.querySelector<HTMLInputElement>('[data-param-input="lr"]')!;
    box.value = ' 0.02 ';
    fire(box, 'change');
    const select = fresh.querySelector('select')!;
    select.value = 'relu';
    fire(select, 'change');
    expect(keys).toEqual(['lr', 'act']);
  });

  it('ignores values for knobs it does not have', () => {
    panel.setAll({ depth: 3, lr: 0.5 });
    expect(panel.values).toEqual({ lr: 0.5, act: 'sigmoid' });
  });

  it('throws when asked to show a knob it has no control for', () => {
    expect(() => panel.set('depth', 3)).toThrow('knobs: no control for depth');
  });
});

describe('KnobPanel’s starting values', () => {
  const EPOCHS = ladder(param('epochs'));

  it('are what the page was rendered with, not what a reader changed before the panel existed', () => {
    document.body.replaceChildren();
    const r = render();
    r.querySelector<HTMLInputElement>('[data-param-input="lr"]')!.value = '0.5';
    r.querySelector('select')!.value = 'relu';
    expect(new KnobPanel(r, 'en', () => {}, () => {}).values).toEqual({ lr: 0.1, act: 'sigmoid' });
  });

  it('come from the slider’s ladder where there is no typed box, and from the first option where none is marked', () => {
    document.body.replaceChildren();
    const r = document.createElement('div');
    r.innerHTML = `
      <input type="range" data-param="epochs" data-log min="0" max="${EPOCHS.length - 1}" value="${EPOCHS.indexOf(200)}" />
      <select data-param="act"><option value="tanh">tanh</option><option value="relu">relu</option></select>`;
    document.body.append(r);
    const p = new KnobPanel(r, 'en', () => {}, () => {});
    expect(p.values).toEqual({ epochs: 200, act: 'tanh' });
    p.set('epochs', 20);
    expect(r.querySelector('input')!.getAttribute('aria-valuetext')).toBe('20 epochs');
  });

  it('use a ladder the page carries instead of the table’s', () => {
    document.body.replaceChildren();
    const r = document.createElement('div');
    r.innerHTML = `<input type="range" data-param="depth" data-steps="[2,4,8]" min="0" max="2" value="1" />`;
    document.body.append(r);
    const finals: KnobValues[] = [];
    const p = new KnobPanel(r, 'en', (v) => finals.push(v), () => {});
    expect(p.values).toEqual({ depth: 4 });
    const input = r.querySelector('input')!;
    input.value = '2';
    fire(input, 'change');
    expect(finals).toEqual([{ depth: 8 }]);
  });

  it('are 0 where the slider’s position is past its ladder', () => {
    document.body.replaceChildren();
    const r = document.createElement('div');
    r.innerHTML = `<input type="range" data-param="depth" data-steps="[2,4]" min="0" max="9" value="9" />`;
    document.body.append(r);
    expect(new KnobPanel(r, 'en', () => {}, () => {}).values).toEqual({ depth: 0 });
  });
});
