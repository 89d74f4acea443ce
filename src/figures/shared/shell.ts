/**
 * The island shell: what every live half does to its figure's markup, written once.
 *
 *   data-state:  idle ──▶ loading ──▶ training ──▶ done | error | cancelled
 *                  ▲                                        │
 *                  └──────────── Reset ◀────────────────────┘
 *
 * - `q(selector)` finds a part the server rendered, and says which island lacks it if it is missing.
 * - `setState` writes `data-state` (what tests and assistive text read), enables Stop only while busy,
 *   and puts the state's words (or a message) in `[data-status]`; `null` leaves the words alone
 *   (a drag's frames change the state many times a second and should not rewrite the line).
 * - `onAction` routes the figure's buttons (`data-action="run"`, "stop", "reset", "new-seed", …).
 * - `newSeed()` draws a seed for the New-seed button and shows it in the seed field.
 */
import { isLocale, t, type Locale, type UiKey } from '@/i18n/ui';
import type { ChartTheme } from '@/charts/theme';
import { setText, type IslandState } from './kit';

/** The chart code (uPlot and the Painter), loaded the first time a figure draws. */
export type ChartKit = typeof import('@/charts/charts');

export class Shell {
  constructor(readonly host: HTMLElement) {}

  /** The page's language, from the figure's `data-locale` (zh-TW, the source's, if it has none). */
  get locale(): Locale {
    const locale = this.host.dataset['locale'];
    return isLocale(locale) ? locale : 'zh-tw';
  }

  /** A part of the figure; throws with the island's name when the markup lacks it. */
  q<T extends Element = HTMLElement>(selector: string): T {
    const el = this.host.querySelector<T>(selector);
    if (!el) throw new Error(`${this.host.localName}: missing ${selector}`);
    return el;
  }

  /** A UI string in the page's language. */
  t(key: UiKey, params?: Record<string, string | number>): string {
    return t(this.locale, key, params);
  }

  get state(): IslandState {
    return (this.host.dataset['state'] as IslandState | undefined) ?? 'idle';
  }

  get busy(): boolean {
    return this.state === 'loading' || this.state === 'training';
  }

  /** Sets `data-state`, the Stop button and the status line (see the top of this file). */
  setState(state: IslandState, message?: string | null): void {
    this.host.dataset['state'] = state;
    this.syncStop();
    if (message !== null) setText(this.q('[data-status]'), message ?? this.t(`state_${state}`));
  }

  /** Stop is enabled only while something runs. */
  syncStop(): void {
    const stop = this.host.querySelector<HTMLButtonElement>('[data-action="stop"]');
    if (stop) stop.disabled = !this.busy;
  }

  /** Calls the handler of a pressed `button[data-action]` inside this figure; returns the way to stop listening. */
  onAction(handlers: Partial<Record<string, (button: HTMLButtonElement) => void>>): () => void {
    const listener = (e: Event): void => {
      const button = (e.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
      if (!button || !this.host.contains(button)) return;
      // Stryker disable next-line StringLiteral: the selector matched data-action, so the fallback is never used
      handlers[button.dataset['action'] ?? '']?.(button);
    };
    this.host.addEventListener('click', listener);
    return () => this.host.removeEventListener('click', listener);
  }

  /**
   * The chart code and the figure's colours, loaded the first time a figure draws (uPlot is not in
   * what the page loads up front); null when the figure left the page meanwhile.
   */
  async charts(): Promise<{ charts: ChartKit; theme: ChartTheme } | null> {
    const charts = await import('@/charts/charts');
    return this.host.isConnected ? { charts, theme: charts.themeOf(this.host) } : null;
  }

  /** Colours each legend entry's swatch as its chart series: `[data-series="<name>"]` inside `scope` (a selector; the figure when omitted). */
  swatches(colours: Record<string, string>, scope = ''): void {
    for (const [name, colour] of Object.entries(colours)) this.q<HTMLElement>(`${scope} [data-series="${name}"]`.trim()).style.setProperty('--swatch', colour);
  }

  /**
   * Draws with the chart code once it is loaded: `draw` runs only if the figure is still in the page
   * (and `still()`, when given, holds then), and its result comes back; otherwise null.
   */
  async withCharts<T>(draw: (charts: ChartKit, theme: ChartTheme) => T, still: () => boolean = () => true): Promise<T | null> {
    const loaded = await this.charts();
    return loaded && still() ? draw(loaded.charts, loaded.theme) : null;
  }

  /**
   * The Run row of a figure that trains: Run, Stop, Reset, New seed (a fresh seed, then Run), and
   * whatever the figure adds. Returns the way to stop listening.
   */
  onRunRow(row: { run(): void; stop(): void; reset(): void }, more: Partial<Record<string, () => void>> = {}): () => void {
    return this.onAction({
      run: () => row.run(),
      stop: () => row.stop(),
      reset: () => row.reset(),
      'new-seed': () => {
        this.newSeed();
        row.run();
      },
      ...more,
    });
  }

  /** A fresh seed for New seed, written into the seed field when the figure has one. */
  newSeed(): number {
    const seed = Math.floor(Math.random() * 100_000);
    const field = this.host.querySelector<HTMLInputElement>('[data-seed]');
    if (field) field.value = String(seed);
    return seed;
  }
}
