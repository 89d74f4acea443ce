import { describe, expect, it } from 'vitest';
import { preset, validate, withFix } from '../engine/config';
import { defaults, FIGURE_KNOBS, fromConfig, ladder, nearestStep, parseSearch, PARAMS, presetValues, toConfig, toSearch, withValues, type Param } from './params';
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

describe('the knobs inside the article', () => {
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
