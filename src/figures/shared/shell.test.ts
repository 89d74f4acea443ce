// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from '@/i18n/strings-en';
import { zhTw } from '@/i18n/strings-zh-tw';
import { UI } from '@/i18n/ui';

// The chart code, replaced: the shell only loads it and asks it for the figure's colours.
vi.mock('@/charts/charts', () => ({ themeOf: (el: Element) => ({ of: el.localName }) }));
const { Shell } = await import('./shell');

// Both dictionaries, as the server holds them (in the browser each page fetches its own).
beforeAll(() => Object.assign(UI, { en, 'zh-tw': zhTw }));
afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/** A figure as the server renders it: a status line, the Run row and a seed field. */
function figure(locale?: string, inner = '<p data-status></p><button data-action="run">Run</button><button data-action="stop" disabled>Stop</button><button data-action="reset">Reset</button><button data-action="new-seed">New seed</button><input data-seed value="1">'): HTMLElement {
  const host = document.createElement('lab-figure');
  if (locale !== undefined) host.dataset['locale'] = locale;
  host.innerHTML = inner;
  document.body.append(host);
  return host;
}
const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true }));

describe('the shell’s language', () => {
  it('is the figure’s data-locale, or zh-TW (the source’s) when it has none or an unknown one', () => {
    expect(new Shell(figure('en')).locale).toBe('en');
    expect(new Shell(figure('zh-tw')).locale).toBe('zh-tw');
    expect(new Shell(figure()).locale).toBe('zh-tw');
    expect(new Shell(figure('fr')).locale).toBe('zh-tw');
  });

  it('says UI strings in that language', () => {
    expect(new Shell(figure('en')).t('state_done')).toBe('Done');
    expect(new Shell(figure()).t('state_done')).toBe('完成');
    expect(new Shell(figure('en')).t('unitEpochs', { n: 3 })).toBe('3 epochs');
  });
});

describe('the shell’s parts', () => {
  it('finds a part the server rendered', () => {
    const host = figure('en');
    expect(new Shell(host).q('[data-status]')).toBe(host.querySelector('p'));
  });

  it('names the island and the selector when a part is missing', () => {
    expect(() => new Shell(figure('en')).q('[data-chart]')).toThrow('lab-figure: missing [data-chart]');
  });
});

describe('the shell’s state', () => {
  it('is idle before anything happened', () => {
    const shell = new Shell(figure('en'));
    expect(shell.state).toBe('idle');
    expect(shell.busy).toBe(false);
  });

  it('is busy only while loading or training', () => {
    const shell = new Shell(figure('en'));
    const busy = (['idle', 'loading', 'training', 'done', 'error', 'cancelled'] as const).map((s) => (shell.setState(s), shell.busy));
    expect(busy).toEqual([false, true, true, false, false, false]);
  });

  it('writes data-state, enables Stop only while busy, and says the state in the status line', () => {
    const host = figure('en');
    const shell = new Shell(host);
    const stop = host.querySelector<HTMLButtonElement>('[data-action="stop"]')!;
    const status = host.querySelector('[data-status]')!;
    shell.setState('training');
    expect(host.dataset['state']).toBe('training');
    expect(shell.state).toBe('training');
    expect(stop.disabled).toBe(false);
    expect(status.textContent).toBe('Training…');
    shell.setState('loading');
    expect(stop.disabled).toBe(false);
    expect(status.textContent).toBe('Loading TensorFlow.js…');
    shell.setState('cancelled');
    expect(stop.disabled).toBe(true);
    expect(status.textContent).toBe('Stopped');
  });

  it('puts a message in the status line instead of the state’s words when given one', () => {
    const host = figure('zh-tw');
    new Shell(host).setState('error', '發生錯誤：沒有後端');
    expect(host.dataset['state']).toBe('error');
    expect(host.querySelector('[data-status]')!.textContent).toBe('發生錯誤：沒有後端');
  });

  it('leaves the status line alone when told null (a drag’s frames)', () => {
    const host = figure('en');
    host.querySelector('[data-status]')!.textContent = 'as it was';
    new Shell(host).setState('training', null);
    expect(host.dataset['state']).toBe('training');
    expect(host.querySelector<HTMLButtonElement>('[data-action="stop"]')!.disabled).toBe(false);
    expect(host.querySelector('[data-status]')!.textContent).toBe('as it was');
  });

  it('works in a figure without a Stop button', () => {
    const host = figure('en', '<p data-status></p>');
    new Shell(host).setState('training');
    expect(host.querySelector('[data-status]')!.textContent).toBe('Training…');
  });
});

describe('the shell’s buttons', () => {
  it('calls the handler of the pressed button, with the button, also when the press lands inside it', () => {
    const host = figure('en', '<button data-action="run"><span>Run</span></button><button data-action="other">?</button>');
    const run = vi.fn();
    new Shell(host).onAction({ run });
    const button = host.querySelector('button')!;
    click(button.querySelector('span')!);
    expect(run).toHaveBeenCalledOnce();
    expect(run).toHaveBeenCalledWith(button);
    click(host.querySelector('[data-action="other"]')!); // no handler: nothing happens
    click(host); // not a button
    expect(run).toHaveBeenCalledOnce();
  });

  it('ignores a button around the figure (a figure inside another’s button)', () => {
    const outer = document.createElement('button');
    outer.dataset['action'] = 'run';
    const host = document.createElement('lab-figure');
    host.innerHTML = '<p>text</p>';
    outer.append(host);
    document.body.append(outer);
    const run = vi.fn();
    new Shell(host).onAction({ run });
    click(host.querySelector('p')!);
    expect(run).not.toHaveBeenCalled();
  });

  it('stops listening when asked', () => {
    const host = figure('en');
    const run = vi.fn();
    const off = new Shell(host).onAction({ run });
    off();
    click(host.querySelector('[data-action="run"]')!);
    expect(run).not.toHaveBeenCalled();
  });

  it('wires the Run row: Run, Stop, Reset, and New seed (a fresh seed in the field, then Run)', () => {
    const host = figure('en');
    const calls: string[] = [];
    const field = host.querySelector<HTMLInputElement>('[data-seed]')!;
    const row = { run: () => calls.push(`run ${field.value}`), stop: () => calls.push('stop'), reset: () => calls.push('reset') };
    vi.spyOn(Math, 'random').mockReturnValue(0.123456);
    const shell = new Shell(host);
    shell.onRunRow(row);
    shell.setState('training'); // Stop is enabled only while busy
    for (const action of ['run', 'stop', 'reset', 'new-seed']) click(host.querySelector(`[data-action="${action}"]`)!);
    expect(calls).toEqual(['run 1', 'stop', 'reset', 'run 12345']);
  });

  it('lets a figure add buttons to the Run row, or replace one', () => {
    const host = figure('en', '<button data-action="run"></button><button data-action="compare"></button>');
    const row = { run: vi.fn(), stop: vi.fn(), reset: vi.fn() };
    const compare = vi.fn();
    const run = vi.fn();
    new Shell(host).onRunRow(row, { compare, run });
    click(host.querySelector('[data-action="compare"]')!);
    click(host.querySelector('[data-action="run"]')!);
    expect(compare).toHaveBeenCalledOnce();
    expect(run).toHaveBeenCalledOnce();
    expect(row.run).not.toHaveBeenCalled();
  });
});

describe('New seed', () => {
  it('draws a whole number below 100,000 and shows it in the seed field', () => {
    const host = figure('en');
    vi.spyOn(Math, 'random').mockReturnValueOnce(0.5).mockReturnValueOnce(0.9999999);
    const shell = new Shell(host);
    expect(shell.newSeed()).toBe(50000);
    expect(host.querySelector<HTMLInputElement>('[data-seed]')!.value).toBe('50000');
    expect(shell.newSeed()).toBe(99999);
  });

  it('still draws one in a figure without a seed field', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    expect(new Shell(figure('en', '<p data-status></p>')).newSeed()).toBe(25000);
  });
});

describe('the chart code', () => {
  it('comes with the figure’s colours while the figure is on the page', async () => {
    const got = await new Shell(figure('en')).charts();
    expect(got?.theme).toEqual({ of: 'lab-figure' });
    expect(typeof got?.charts.themeOf).toBe('function');
  });

  it('is null when the figure left the page meanwhile', async () => {
    const host = figure('en');
    const pending = new Shell(host).charts();
    host.remove();
    expect(await pending).toBeNull();
  });

  it('draws with them and hands back what the drawing returns', async () => {
    const got = await new Shell(figure('en')).withCharts((charts, theme) => [typeof charts.themeOf, theme]);
    expect(got).toEqual(['function', { of: 'lab-figure' }]);
  });

  it('does not draw when the figure left the page, or when the caller says it no longer needs to', async () => {
    const draw = vi.fn(() => 1);
    const host = figure('en');
    const pending = new Shell(host).withCharts(draw);
    host.remove();
    expect(await pending).toBeNull();
    expect(await new Shell(figure('en')).withCharts(draw, () => false)).toBeNull();
    expect(draw).not.toHaveBeenCalled();
  });
});

describe('legend swatches', () => {
  it('colour each series’ entry, inside a scope when one is given', () => {
    const host = figure('en', '<ul data-a><li data-series="x"></li></ul><ul data-b><li data-series="x"></li><li data-series="y"></li></ul>');
    const shell = new Shell(host);
    shell.swatches({ x: 'red', y: 'blue' }, '[data-b]');
    const [outside, inside, y] = host.querySelectorAll<HTMLElement>('[data-series]');
    expect([outside!.style.getPropertyValue('--swatch'), inside!.style.getPropertyValue('--swatch'), y!.style.getPropertyValue('--swatch')]).toEqual(['', 'red', 'blue']);
    shell.swatches({ x: 'green' });
    expect(outside!.style.getPropertyValue('--swatch')).toBe('green');
  });
});
