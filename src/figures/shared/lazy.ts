/**
 * An island's custom element, light: what the page loads up front is this and the baked HTML. The
 * live implementation (knobs, charts, the worker's client, the prose that follows a run) is
 * imported the first time it is needed, and only then:
 *
 *   the island comes within 400 px of the viewport ─┐
 *   a pointer enters it, or focus moves into it ────┼──▶ import(live) ──▶ controls enabled
 *   a script calls run() or tweak() ────────────────┘
 *
 * The page's lab worker (its client, the worker, its .wasm and its threads) starts only when a
 * reader shows intent in a figure: a pointer enters it, focus moves into it, or a script runs it.
 * Scrolling past is reading, and costs no worker (issue 23); a pointer on its way to a slider starts
 * it before the drag does (issue 13's first drag). Neither adds to the scripts the page needs before
 * a reader can interact (bench/README.md measures both).
 */
import type { Values } from '@/lab/settings/params';
import { loadStrings } from '@/i18n/ui';
import { whenNear } from './kit';

/** The page's islands, for the first press of Tab (below). */
const islands = new Set<{ stampControls(): void }>();

/**
 * A reader who moves with the keyboard gets every figure's controls in the page before their first
 * Tab moves focus (keydown comes before the focus moves): a figure far below whose first control
 * Tab reaches would otherwise receive its knobs only once focus was already past them. The layout
 * this costs comes on an interaction, not at load.
 */
let tabbed = false;
if (typeof document !== 'undefined') {
  document.addEventListener(
    'keydown',
    (e) => {
      if (tabbed || e.key !== 'Tab') return;
      tabbed = true;
      for (const island of islands) island.stampControls();
    },
    { capture: true },
  );
}

/** What every live half offers its element. */
export interface Live {
  disconnect(): void;
}

export abstract class LazyIsland<L extends Live> extends HTMLElement {
  #live: L | null = null;
  #loading: Promise<L> | null = null;
  #observer: IntersectionObserver | null = null;

  /** Imports the live half and attaches it to this element. */
  protected abstract load(): Promise<L>;

  /** The article's own run for this figure, from the static file `data-baked-src` names (/baked/…json). */
  protected async baked(): Promise<string> {
    const src = this.dataset['bakedSrc'];
    if (!src) throw new Error(`${this.localName}: no data-baked-src`);
    const response = await fetch(src);
    if (!response.ok) throw new Error(`${src}: ${response.status}`);
    return response.text();
  }

  /** The live half's module, the article's run for this figure and the page's strings, loaded together. */
  protected async withBaked<M>(live: Promise<M>): Promise<{ module: M; baked: string }> {
    const [module, baked] = await Promise.all([live, this.baked(), loadStrings()]);
    return { module, baked };
  }

  /** The live half, once it is attached. */
  protected get live(): L | null {
    return this.#live;
  }

  /** The live half, loading it first if it is not there yet. */
  protected ready(): Promise<L> {
    if (!this.#loading) this.stampControls();
    this.#loading ??= this.load().then((live) => {
      if (!this.isConnected) live.disconnect();
      else this.#live = live;
      return live;
    });
    return this.#loading;
  }

  #wake = (): void => void this.ready();

  /**
   * The figure's form controls, usable at once: an article page carries them in templates until the
   * figure wakes or the reader first presses Tab (LaterControls.astro says why); the server renders
   * them disabled, for readers without JavaScript. A second call finds no template.
   */
  stampControls(): void {
    // In the same task as the room that stood in for them goes: the controls take its place, nothing moves.
    for (const room of this.querySelectorAll('[data-controls-room]')) room.remove();
    for (const template of this.querySelectorAll<HTMLTemplateElement>('template[data-controls]')) template.replaceWith(template.content);
    this.#enable();
  }

  /** The controls in the page (the server renders them disabled, for readers without JavaScript) made usable. */
  #enable(): void {
    for (const el of this.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>(
      'button[data-action]:not([data-action="stop"]), [data-param], [data-param-input], [data-seed], [data-stop-on-nan]',
    )) {
      el.disabled = false;
    }
  }

  /** A pointer or focus inside the figure: the live half, and the page's lab worker, start now. */
  #intent = (): void => {
    this.#wake();
    void import('@/worker/client').then((m) => m.labClient());
  };

  /**
   * What a reader does before the live half is there is not lost: a button pressed, a knob moved, a
   * typed value entered are done again, in order, once it is (it reads the controls as they are).
   */
  #replay = (e: Event): void => {
    if (this.#live) return;
    const target = e.target as HTMLElement;
    let again: (() => void) | null = null;
    if (e.type === 'click') {
      const button = target.closest<HTMLButtonElement>('button[data-action]');
      if (button) again = () => button.click();
    } else if (e.type === 'change' && target.matches('[data-param], [data-param-input], [data-seed]')) {
      again = () => target.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (e.type === 'input' && target.matches('input[type="range"][data-param]')) {
      // A drag that began before the live half: each move is a run to try (latest wins drops the rest).
      again = () => target.dispatchEvent(new Event('input', { bubbles: true }));
    } else if (e.type === 'keydown' && (e as KeyboardEvent).key === 'Enter' && target.matches('[data-seed], [data-param-input]')) {
      again = () => target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }
    if (!again) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const replay = again;
    void this.ready().then(replay);
  };

  connectedCallback(): void {
    if (tabbed) this.stampControls();
    else this.#enable();
    islands.add(this);
    this.#observer = whenNear(this, this.#wake);
    for (const type of ['click', 'input', 'change', 'keydown']) this.addEventListener(type, this.#replay, { capture: true });
    this.addEventListener('pointerenter', this.#intent, { once: true });
    this.addEventListener('focusin', this.#intent, { once: true });
  }

  disconnectedCallback(): void {
    islands.delete(this);
    this.#observer?.disconnect();
    for (const type of ['click', 'input', 'change', 'keydown']) this.removeEventListener(type, this.#replay, { capture: true });
    this.removeEventListener('pointerenter', this.#intent);
    this.removeEventListener('focusin', this.#intent);
    this.#live?.disconnect();
    this.#live = null;
    this.#loading = null;
  }
}

/** A live half with the figure contract: `run(options)`, `tweak(values)` where it has knobs, `lastRun`. */
export interface FigureLive<O, R> extends Live {
  run(options: O): Promise<R>;
  tweak?(values: Partial<Values>): Promise<R>;
  readonly lastRun: R | null;
}

/**
 * The element of a figure that trains: the contract tests and power users call, forwarded to the
 * live half (loading it first).
 */
export abstract class FigureIsland<O extends object, R, L extends FigureLive<O, R>> extends LazyIsland<L> {
  /** Runs the figure as its Run button does; `options` (a seed, …) are set first. */
  async run(options: O = {} as O): Promise<R> {
    return (await this.ready()).run(options);
  }

  /** Sets knobs (and the seed) as a reader would and resolves with the run once it is painted. */
  async tweak(values: Partial<Values>): Promise<R> {
    const live = await this.ready();
    if (!live.tweak) throw new Error(`${this.localName}: no knobs to tweak`);
    return live.tweak(values);
  }

  /** The last run this figure painted from a live run (null until one finishes). */
  get lastRun(): R | null {
    return this.live?.lastRun ?? null;
  }
}

/** Registers a figure's element once (a page may load its module twice: an embed and the article share it). */
export function defineIsland(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
