/**
 * The live half of Knobs.astro: reads and sets a figure's knobs, and reports each movement.
 *
 *   slider `input`  ──▶ onChange(values, final: false)   (every frame of a drag)
 *   slider `change` ──▶ onChange(values, final: true)    (the reader let go; keys also end here)
 *   pointer let go, no `change` ──▶ onChange(values, true) (a browser fires `change` only when the
 *                                   value differs from the last one it committed: a drag that ends
 *                                   where the last one did, or where it began, has none)
 *   select, typed value (Enter or leaving the field) ──▶ onChange(values, true)
 *
 * A typed value goes through the parameter table's parser; a bad one is reported in the page's
 * language and the last good value comes back. Nothing here trains; the island decides what to run.
 */
import type { Locale } from '@/i18n/ui';
import { ladder, nearestStep, param, parseValue, type ParamKey, type Values } from '@/lab/settings/params';
import { valueText } from './knob-text';
import { problemNodes } from './problem-text';

export type KnobValues = Partial<Values>;

export class KnobPanel {
  readonly keys: ParamKey[];
  #values: KnobValues = {};

  constructor(
    private readonly root: HTMLElement,
    private readonly locale: Locale,
    private readonly onChange: (values: KnobValues, final: boolean, key: ParamKey) => void,
    private readonly onProblem: (message: Node[] | null) => void,
  ) {
    // Each slider's ladder comes from the parameter table; the page does not carry it (~1 kB of gzip HTML).
    for (const el of root.querySelectorAll<HTMLInputElement>('input[type="range"][data-param]')) {
      el.dataset['steps'] ??= JSON.stringify(ladder(param(el.dataset['param'] as ParamKey)));
    }
    this.keys = Array.from(root.querySelectorAll<HTMLElement>('[data-param]'), (el) => el.dataset['param'] as ParamKey).filter((k) => k !== 'seed');
    for (const key of this.keys) this.#values = { ...this.#values, [key]: this.#read(key) };
    root.addEventListener('input', this.#onInput);
    root.addEventListener('change', this.#onChangeEvent);
    root.addEventListener('keydown', this.#onKey);
    root.addEventListener('pointerdown', this.#onPointerDown);
    for (const el of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-param], [data-param-input]')) el.disabled = false;
  }

  /** The knobs' values now. */
  get values(): KnobValues {
    return { ...this.#values };
  }

  #control(key: ParamKey): HTMLInputElement | HTMLSelectElement {
    const el = this.root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-param="${key}"]`);
    if (!el) throw new Error(`knobs: no control for ${key}`);
    return el;
  }

  #ladders = new WeakMap<HTMLInputElement, number[]>();

  #steps(slider: HTMLInputElement): number[] {
    let steps = this.#ladders.get(slider);
    // Stryker disable next-line ConditionalExpression: parsing the ladder again gives the same steps; the cache saves a parse per drag frame
    if (!steps) this.#ladders.set(slider, (steps = JSON.parse(slider.dataset['steps'] ?? '[]') as number[]));
    return steps;
  }

  /**
   * A knob's value as the page was rendered with it (the figure's own setting). Not what the field
   * shows now: a reader may have moved it before this panel existed, and that move is then replayed
   * as an event (lazy.ts), which must find a change to report.
   */
  #read(key: ParamKey): number | string {
    const el = this.#control(key);
    if (el instanceof HTMLSelectElement) return Array.from(el.options).find((o) => o.defaultSelected)?.value ?? el.value;
    const typed = this.root.querySelector<HTMLInputElement>(`[data-param-input="${key}"]`);
    const v = Number(typed?.defaultValue);
    return Number.isFinite(v) ? v : (this.#steps(el)[Number(el.defaultValue)] ?? 0);
  }

  /** Shows `value` on `key`'s controls (slider position, typed box, value text) without reporting it. */
  set(key: ParamKey, value: number | string): void {
    const el = this.#control(key);
    if (el instanceof HTMLSelectElement) {
      el.value = String(value);
    } else {
      const v = Number(value);
      const best = nearestStep(this.#steps(el), v, el.hasAttribute('data-log'));
      // Only what changed: a slider being dragged already shows its value, and each write costs a restyle.
      // (Writing the same value again changes nothing a reader or a test can see: the guards are for speed, issue 13.)
      // Stryker disable next-line ConditionalExpression: equivalent, see above
      if (el.value !== String(best)) el.value = String(best);
      const text = valueText(this.locale, key, v);
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, see above (reading another attribute only makes every write happen)
      if (el.getAttribute('aria-valuetext') !== text) el.setAttribute('aria-valuetext', text);
      const typed = this.root.querySelector<HTMLInputElement>(`[data-param-input="${key}"]`);
      // Stryker disable next-line ConditionalExpression: equivalent, see above
      if (typed && typed.value !== String(v)) typed.value = String(v);
    }
    this.#values = { ...this.#values, [key]: value };
  }

  /** Sets several knobs (Reset, tweak()); reports nothing. */
  setAll(values: KnobValues): void {
    for (const [key, value] of Object.entries(values) as [ParamKey, number | string][]) if (this.keys.includes(key)) this.set(key, value);
  }

  /** A slider moved by `input` whose full run (`final`) is still owed: the drag's release, or a `change`, settles it. */
  #owed: ParamKey | null = null;

  #onPointerDown = (e: PointerEvent): void => {
    const el = e.target;
    if (!(el instanceof HTMLInputElement) || el.type !== 'range' || !el.dataset['param']) return;
    const release = (): void => {
      window.removeEventListener('pointerup', release, true);
      window.removeEventListener('pointercancel', release, true);
      // `change`, when there is one, is dispatched with the release; look after it.
      setTimeout(() => {
        const key = this.#owed;
        if (key === null) return;
        this.#owed = null;
        this.onChange(this.values, true, key);
      }, 0);
    };
    window.addEventListener('pointerup', release, true);
    window.addEventListener('pointercancel', release, true);
  };

  #onInput = (e: Event): void => {
    const el = e.target as HTMLElement;
    // Stryker disable next-line ConditionalExpression: equivalent: anything else sending `input` (a typed box, a choice) has no ladder, and `value === undefined` below returns the same way
    if (!(el instanceof HTMLInputElement) || el.type !== 'range' || !el.dataset['param']) return;
    const key = el.dataset['param'] as ParamKey;
    const value = this.#steps(el)[Number(el.value)];
    if (value === undefined) return;
    this.set(key, value);
    this.onProblem(null);
    this.#owed = key;
    this.onChange(this.values, false, key);
  };

  #onChangeEvent = (e: Event): void => {
    const el = e.target as HTMLElement;
    if (el instanceof HTMLSelectElement && el.dataset['param']) {
      const key = el.dataset['param'] as ParamKey;
      this.#values = { ...this.#values, [key]: el.value };
      this.onChange(this.values, true, key);
    } else if (el instanceof HTMLInputElement && el.type === 'range' && el.dataset['param']) {
      const key = el.dataset['param'] as ParamKey;
      const value = this.#steps(el)[Number(el.value)];
      if (value !== undefined && value !== this.#values[key]) this.set(key, value); // its `input` events were missed
      this.#owed = null;
      this.onChange(this.values, true, key);
    } else if (el instanceof HTMLInputElement && el.dataset['paramInput']) {
      this.#typed(el);
    }
  };

  /** Enter in a typed value applies it at once (change fires only when the field loses focus). */
  #onKey = (e: KeyboardEvent): void => {
    const el = e.target as HTMLElement;
    if (e.key === 'Enter' && el instanceof HTMLInputElement && el.dataset['paramInput']) {
      e.preventDefault();
      this.#typed(el);
    }
  };

  #typed(input: HTMLInputElement): void {
    const key = input.dataset['paramInput'] as ParamKey;
    const p = param(key);
    const parsed = parseValue(p, input.value.trim());
    const before = this.#values[key];
    if (!parsed.ok) {
      this.onProblem(problemNodes(this.locale, parsed.problem));
      if (before !== undefined && typeof before !== 'boolean') this.set(key, before);
      return;
    }
    if (parsed.value === before) return;
    this.onProblem(null);
    this.set(key, parsed.value as number);
    this.onChange(this.values, true, key);
  }
}
