import { describe, expect, it } from 'vitest';
import { preset, validate, withFix } from '../engine/config';
import { defaults, FIGURE_KNOBS, fromConfig, ladder, nearestStep, parseSearch, PARAMS, PRESETS, presetValues, toConfig, toSearch, withValues, type Param } from './params';
import { rngFor } from '../engine/random';

describe('the parameter table', () => {
  it('round-trips every preset through a URL unchanged', () => {
    for (const name of ['exp1', 'exp2', 'exp3', 'fix-normalize', 'fix-reluHe', 'fix-batchNorm'] as const) {
      const values = presetValues(name);
      const parsed = parseSearch(toSearch(values));
      expect(parsed.problems).toEqual([]);
      expect(parsed.values).toEqual(values);
    }
  });

  it('describes the article’s experiments exactly', () => {
    const config = toConfig(presetValues('exp3'));
    expect({ ...config, experiment: 'exp3' }).toEqual(preset('exp3'));
    expect(toConfig(fromConfig(withFix('adam'))).optimizer).toBe('adam');
  });

  it('starts from a preset and applies the other keys on top', () => {
    const { values, problems } = parseSearch('?preset=exp2&lr=0.01');
    expect(problems).toEqual([]);
    expect(values.hi).toBe(4);
    expect(values.lr).toBe(0.01);
  });

  it('reports an out-of-range value and keeps the default instead of clamping', () => {
    const { values, problems } = parseSearch('?depth=99&epochs=20');
    expect(problems).toEqual([{ kind: 'range', key: 'depth', raw: '99', min: 1, max: 10 }]);
    expect(values.depth).toBe(defaults().depth);
  });

  it('reports values below the lower bound and keeps the defaults: no zero-layer net, no vanishing learning rate', () => {
    const { values, problems } = parseSearch('?depth=0&lr=1e-9&lo=-5000&batch=0&noise=-0.5');
    expect(problems).toEqual([
      { kind: 'range', key: 'lo', raw: '-5000', min: -1000, max: 1000 },
      { kind: 'range', key: 'noise', raw: '-0.5', min: 0, max: 100 },
      { kind: 'range', key: 'depth', raw: '0', min: 1, max: 10 },
      { kind: 'range', key: 'lr', raw: '1e-9', min: 1e-6, max: 10 },
      { kind: 'range', key: 'batch', raw: '0', min: 1, max: 100 },
    ]);
    expect(values).toEqual(defaults());
  });

  it('accepts the bounds themselves', () => {
    const { values, problems } = parseSearch('?depth=1&lr=0.000001&lo=-1000&hi=1000&batch=1&noise=0');
    expect(problems).toEqual([]);
    expect([values.depth, values.lr, values.lo, values.hi, values.batch, values.noise]).toEqual([1, 1e-6, -1000, 1000, 1, 0]);
  });

  it('takes only whole numbers for whole-number settings: 2.5 layers is a problem, not 2', () => {
    const { values, problems } = parseSearch('?depth=2.5&seed=7.0&epochs=1e1&width=16');
    expect(problems).toEqual([
      { kind: 'invalid', key: 'seed', raw: '7.0', expected: { kind: 'wholeNumber' } },
      { kind: 'invalid', key: 'depth', raw: '2.5', expected: { kind: 'wholeNumber' } },
      { kind: 'invalid', key: 'epochs', raw: '1e1', expected: { kind: 'wholeNumber' } },
    ]);
    expect([values.depth, values.seed, values.epochs, values.width]).toEqual([defaults().depth, defaults().seed, defaults().epochs, 16]);
  });

  it('reports malformed values, unknown keys and a reversed input range', () => {
    const { values, problems } = parseSearch('?lr=fast&act=swish&colour=red&lo=3&hi=1');
    expect(problems.map((p) => `${p.kind}:${p.key}`).sort()).toEqual(['invalid:act', 'invalid:lr', 'order:hi', 'unknown:colour']);
    expect(values.lr).toBe(defaults().lr);
    expect(values.act).toBe(defaults().act);
    expect([values.lo, values.hi]).toEqual([defaults().lo, defaults().hi]);
  });

  it('survives 300 generated malformed queries: no throw, always a valid experiment, always a message', () => {
    const rng = rngFor(2026, 'noise');
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)]!;
    const nasty = ['', 'NaN', 'nan', 'Infinity', '-Infinity', '1e400', '-1e400', '1e-400x', '0x10', '1_000', ' 5 ', '5 5', '--1', '+-3', '1.2.3', 'null', 'undefined', '[]', '{}', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE runs;--", '%', '%E0%A4%A', '\u0000', '\u202e', '😀', 'x'.repeat(5000), '9'.repeat(400), '1e309', 'sigmoid ', 'RELU', '-5000', '5000', '-2000.5', '5e9']; // the last four: finite, and out of range for every key
    const keys = [...PARAMS.map((p) => p.key), 'preset', 'Seed', 'act ', '__proto__', 'constructor', '', '<b>', 'toString'];
    for (let i = 0; i < 300; i++) {
      const parts = Array.from({ length: 1 + Math.floor(rng.next() * 4) }, () => `${encodeURIComponent(pick(keys))}=${rng.next() < 0.8 ? encodeURIComponent(pick(nasty)) : pick(nasty)}`);
      const search = `?${parts.join('&')}${rng.next() < 0.2 ? '&&=&%' : ''}`;
      let result: ReturnType<typeof parseSearch> | undefined;
      expect(() => (result = parseSearch(search)), search).not.toThrow();
      const { values, problems } = result!;
      expect(validate(toConfig(values)), search).toEqual([]);
      expect(problems.length, search).toBeGreaterThan(0);
      for (const param of PARAMS as readonly Param[]) {
        const v = values[param.key as keyof typeof values];
        if (param.kind === 'enum') expect(param.options, search).toContain(v);
        if (param.kind === 'int' || param.kind === 'number') {
          expect(typeof v === 'number' && v >= param.min && v <= param.max, `${search} ${param.key}=${String(v)}`).toBe(true);
        }
      }
    }
  });

  it('leaves a clean link without problems', () => {
    expect(parseSearch('').problems).toEqual([]);
    expect(parseSearch(toSearch(defaults())).problems).toEqual([]);
  });
});

describe('reading a URL, at the edges', () => {
  it('reads numbers written with a leading point, an exponent or several digits before the point', () => {
    const { values, problems } = parseSearch('?noise=.25&hi=10.5&lr=1e-06&clip=2E%2B2&lo=-1.5');
    expect(problems).toEqual([]);
    expect([values.noise, values.hi, values.lr, values.clip, values.lo]).toEqual([0.25, 10.5, 1e-6, 200, -1.5]);
    expect(parseSearch('?hi=1e1').values.hi).toBe(10);
  });

  it('refuses numbers with anything around them, even what Number() would read', () => {
    // Number(' 5'), Number('5 ') and Number('0x10') are 5, 5 and 16; a link should not depend on that.
    for (const raw of ['%205', '5%20', '0x10', '0b1', '1e1000']) {
      const { values, problems } = parseSearch(`?hi=${raw}`);
      expect(problems, raw).toEqual([{ kind: 'invalid', key: 'hi', raw: decodeURIComponent(raw), expected: { kind: 'number' } }]);
      expect(values.hi, raw).toBe(1);
    }
  });

  it('says what a setting expected: a number, a whole number, one of its options', () => {
    expect(parseSearch('?lr=fast&width=wide&opt=sgd2').problems).toEqual([
      { kind: 'invalid', key: 'width', raw: 'wide', expected: { kind: 'wholeNumber' } },
      { kind: 'invalid', key: 'opt', raw: 'sgd2', expected: { kind: 'oneOf', options: ['sgd', 'momentum', 'adam'] } },
      { kind: 'invalid', key: 'lr', raw: 'fast', expected: { kind: 'number' } },
    ]);
  });

  it('reads switches as 1/0 or true/false, and nothing else', () => {
    expect(parseSearch('?norm=1&bn=true&res=0').values).toMatchObject({ norm: true, bn: true, res: false });
    expect(parseSearch('?norm=true&bn=false&res=1').values).toMatchObject({ norm: true, bn: false, res: true });
    const { values, problems } = parseSearch('?norm=yes&bn=');
    expect(problems).toEqual([
      { kind: 'invalid', key: 'norm', raw: 'yes', expected: { kind: 'oneOf', options: ['1', '0'] } },
      { kind: 'invalid', key: 'bn', raw: '', expected: { kind: 'oneOf', options: ['1', '0'] } },
    ]);
    expect([values.norm, values.bn]).toEqual([false, false]);
  });

  it('quotes at most 40 characters of a bad value, with an ellipsis when it cut', () => {
    const forty = 'x'.repeat(40);
    expect(parseSearch(`?lr=${forty}`).problems).toEqual([{ kind: 'invalid', key: 'lr', raw: forty, expected: { kind: 'number' } }]);
    expect(parseSearch(`?lr=${forty}y`).problems).toEqual([{ kind: 'invalid', key: 'lr', raw: `${forty}…`, expected: { kind: 'number' } }]);
  });

  it('names a bad preset and an unknown key in at most 40 characters, each unknown key once', () => {
    const long = 'p'.repeat(45);
    expect(parseSearch(`?preset=${long}`).problems).toEqual([{ kind: 'invalid', key: 'preset', raw: 'p'.repeat(40), expected: { kind: 'oneOf', options: PRESETS } }]);
    expect(parseSearch(`?${long}=1&colour=red&colour=blue`).problems).toEqual([
      { kind: 'unknown', key: 'p'.repeat(40) },
      { kind: 'unknown', key: 'colour' },
    ]);
  });

  it('refuses an empty input range (lo = hi) as it refuses a reversed one', () => {
    const { values, problems } = parseSearch('?lo=1&hi=1');
    expect(problems).toEqual([{ kind: 'order', key: 'hi' }]);
    expect([values.lo, values.hi]).toEqual([0, 1]);
  });

  it('writes every setting into a link, switches as 1 and 0', () => {
    expect(toSearch(defaults())).toBe('?seed=29&lo=0&hi=1&noise=0.05&depth=4&width=32&act=sigmoid&init=glorotUniform&opt=sgd&lr=0.1&batch=20&epochs=20&clip=0&norm=0&bn=0&res=0');
    expect(toSearch({ ...defaults(), norm: true, res: true })).toContain('&norm=1&bn=0&res=1');
  });

  it('reads a net with no hidden layer as depth 0, with the table’s width and a linear activation', () => {
    const v = fromConfig({ ...preset('exp1'), layers: [{ units: 1, activation: 'linear' }] });
    expect([v.depth, v.width, v.act]).toEqual([0, 32, 'linear']);
  });
});

describe('the knobs inside the article', () => {
  const LOG_HI = [0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10];
  // 1.2, 1.5 and 2.5 round to 1, 2 and 3 for a whole-number setting, and each position appears once.
  const LOG_EPOCHS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 700, 800, 1000, 1200, 1500, 2000];

  it('run a log slider from its least position to its largest, both included', () => {
    expect(ladder(PARAMS.find((q) => q.key === 'hi')! as Param)).toEqual(LOG_HI);
    expect(ladder(PARAMS.find((q) => q.key === 'epochs')! as Param)).toEqual(LOG_EPOCHS);
  });

  it('run a linear slider in equal steps from its least position, not from zero', () => {
    const p: Param = { key: 'x', label: 'p_x', kind: 'number', min: 0, max: 100, default: 2, slider: { scale: 'linear', min: 2, max: 3, step: 0.25 } };
    expect(ladder(p)).toEqual([2, 2.25, 2.5, 2.75, 3]);
  });

  it('never offer a position outside the table’s range, nor one for a setting without a slider', () => {
    const p: Param = { key: 'x', label: 'p_x', kind: 'number', min: 0.5, max: 5, default: 1, slider: { scale: 'log', min: 0.1, max: 10 } };
    expect(ladder(p)).toEqual([0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.5, 2, 2.5, 3, 4, 5]);
    expect(ladder(PARAMS.find((q) => q.key === 'width')! as Param)).toEqual([]);
    expect(ladder(PARAMS.find((q) => q.key === 'act')! as Param)).toEqual([]);
  });

  it('find the nearest position by difference on a linear slider, the lower one on a tie', () => {
    expect(nearestStep([1, 2, 3], 2.2, false)).toBe(1);
    expect(nearestStep([1, 2, 3], 1.5, false)).toBe(0);
    expect(nearestStep([1, 2, 3], 9, false)).toBe(2);
  });

  it('put every article default on its slider, in order, inside the table’s bounds', () => {
    for (const key of ['lr', 'hi', 'noise', 'epochs', 'depth', 'clip'] as const) {
      const p = PARAMS.find((q) => q.key === key)! as Param;
      const steps = ladder(p);
      expect(steps.length, key).toBeGreaterThan(5);
      expect([...steps].sort((a, b) => a - b), key).toEqual(steps);
      expect(new Set(steps).size, key).toBe(steps.length);
      if (p.kind === 'int' || p.kind === 'number') for (const v of steps) expect(v >= p.min && v <= p.max, `${key} ${v}`).toBe(true);
    }
    const has = (key: string, ...values: number[]) => expect(ladder(PARAMS.find((q) => q.key === key)! as Param)).toEqual(expect.arrayContaining(values));
    has('lr', 0.001, 0.01, 0.03, 0.1, 1); // the article's rates and the fixes' (lower lr, ReLU + He, Adam)
    has('hi', 1, 4); // experiments 1 and 2
    has('noise', 0.05, 0.1);
    has('epochs', 20, 2000);
    has('depth', 1, 4, 10);
    has('clip', 1);
  });

  it('step a log slider through the numbers a person writes, eleven a decade', () => {
    const lr = ladder(PARAMS.find((q) => q.key === 'lr')! as Param);
    expect(lr.filter((v) => v >= 0.1 && v < 1)).toEqual([0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(lr[nearestStep(lr, 0.073, true)]).toBe(0.07);
    expect(lr[nearestStep(lr, 0.0009, true)]).toBe(0.001);
  });

  it('measure nearness by ratio on a log slider and by difference on a linear one', () => {
    // 0.895 is 0.095 above 0.8 and 0.105 below 1 (nearer 0.8), but 0.895/0.8 = 1.119 > 1/0.895 = 1.117 (nearer 1).
    const steps = [0.8, 1];
    expect(steps[nearestStep(steps, 0.895, true)]).toBe(1);
    expect(steps[nearestStep(steps, 0.895, false)]).toBe(0.8);
  });

  it('change only the named settings of an article experiment', () => {
    for (const id of ['exp1', 'exp2', 'exp3'] as const) expect(withValues(preset(id), {})).toEqual(preset(id));
    for (const fix of ['normalize', 'clipGradients', 'reluHe', 'adam'] as const) expect(withValues(withFix(fix), {})).toEqual(withFix(fix));
    const moved = withValues(preset('exp3'), { depth: 2, lr: 0.05 });
    expect(moved.layers.map((l) => l.activation)).toEqual(['sigmoid', 'sigmoid', 'linear']);
    expect({ ...moved, layers: preset('exp3').layers, learningRate: 0.1 }).toEqual(preset('exp3'));
    expect(withValues({ ...preset('exp2'), stopOnNonFinite: true }, { lr: 0.01 }).stopOnNonFinite).toBe(true);
  });

  it('give every figure knobs the table can show', () => {
    for (const [figure, keys] of Object.entries(FIGURE_KNOBS)) {
      for (const key of keys) {
        const p = PARAMS.find((q) => q.key === key) as Param | undefined;
        expect(p, `${figure}: ${key}`).toBeDefined();
        expect(p!.kind === 'enum' || ladder(p!).length > 0, `${figure}: ${key} has a slider`).toBe(true);
      }
    }
  });
});

describe('a number too large for a double', () => {
  it('is refused, not read as Infinity, although its exponent has the three digits the pattern allows', () => {
    expect(parseSearch('?hi=1e400').problems).toEqual([{ kind: 'invalid', key: 'hi', raw: '1e400', expected: { kind: 'number' } }]);
  });
});

describe('a switch written as false', () => {
  it('is read without a problem', () => {
    expect(parseSearch('?bn=false&norm=0').problems).toEqual([]);
  });
});
