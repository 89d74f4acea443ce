/**
 * Every knob of an experiment, described once: this table drives the playground's controls and
 * labels, the URL state (a shareable link), validation with messages, and the presets. Pure data
 * and functions; nothing here touches the DOM.
 *
 * A URL value that is malformed or out of range is never clamped silently: it is reported as a
 * problem and the setting keeps its default (or its preset's value).
 */
import { MAX_SEED } from '../engine/random';
import { ACTIVATIONS, DEFAULT_SEEDS, EXPERIMENT_IDS, FIX_IDS, INITIALIZERS, OPTIMIZERS, preset, validate, withFix, type ExperimentConfig } from '../engine/config';

interface Common<V> {
  /** The URL key, and the `data-param` of the control that sets it in an island. */
  key: string;
  /** Key into the UI strings (src/i18n/ui.ts) for the control's label. */
  label: string;
  default: V;
}

/**
 * How a numeric setting moves on a slider inside the article (the playground types numbers): over
 * [min, max], in equal steps of `step` (linear), or log-spaced through the numbers a person would
 * write, 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8 times each power of ten (LOG_MANTISSAS), so every
 * position reads cleanly and every article setting (0.01, 0.03, 0.1, 1, 4, 20, 2,000) is one.
 */
export type Slider = { scale: 'log'; min: number; max: number } | { scale: 'linear'; min: number; max: number; step: number };

/** The positions of a log slider within each factor of ten. */
export const LOG_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8] as const;

export type Param =
  | (Common<number> & { kind: 'int' | 'number'; min: number; max: number; step?: number; slider?: Slider })
  | (Common<string> & { kind: 'enum'; options: readonly string[] })
  | (Common<boolean> & { kind: 'bool' });

export { MAX_SEED };

/** The table. Order is the order of the controls. */
export const PARAMS = [
  { key: 'seed', label: 'p_seed', kind: 'int', min: 0, max: MAX_SEED, default: DEFAULT_SEEDS.exp3 },
  { key: 'lo', label: 'p_lo', kind: 'number', min: -1000, max: 1000, step: 0.5, default: 0 },
  { key: 'hi', label: 'p_hi', kind: 'number', min: -1000, max: 1000, step: 0.5, default: 1, slider: { scale: 'log', min: 0.25, max: 10 } },
  { key: 'noise', label: 'p_noise', kind: 'number', min: 0, max: 100, step: 0.01, default: 0.05, slider: { scale: 'linear', min: 0, max: 0.5, step: 0.01 } },
  { key: 'depth', label: 'p_depth', kind: 'int', min: 1, max: 10, default: 4, slider: { scale: 'linear', min: 1, max: 10, step: 1 } },
  { key: 'width', label: 'p_width', kind: 'int', min: 1, max: 128, default: 32 },
  { key: 'act', label: 'p_act', kind: 'enum', options: ACTIVATIONS, default: 'sigmoid' },
  { key: 'init', label: 'p_init', kind: 'enum', options: INITIALIZERS, default: 'glorotUniform' },
  { key: 'opt', label: 'p_opt', kind: 'enum', options: OPTIMIZERS, default: 'sgd' },
  { key: 'lr', label: 'p_lr', kind: 'number', min: 1e-6, max: 10, step: 0.001, default: 0.1, slider: { scale: 'log', min: 0.001, max: 1 } },
  { key: 'batch', label: 'p_batch', kind: 'int', min: 1, max: 100, default: 20 },
  // Up to 2,000: experiment 3's sigmoid net does learn, in about 2,000 epochs (the article says so).
  { key: 'epochs', label: 'p_epochs', kind: 'int', min: 1, max: 2000, default: 20, slider: { scale: 'log', min: 1, max: 2000 } },
  { key: 'clip', label: 'p_clip', kind: 'number', min: 0, max: 1000, step: 0.1, default: 0, slider: { scale: 'log', min: 0.01, max: 100 } },
  { key: 'norm', label: 'p_norm', kind: 'bool', default: false },
  { key: 'bn', label: 'p_bn', kind: 'bool', default: false },
  { key: 'res', label: 'p_res', kind: 'bool', default: false },
] as const satisfies readonly Param[];

export type ParamKey = (typeof PARAMS)[number]['key'];
export type Values = { [P in (typeof PARAMS)[number] as P['key']]: P['default'] extends number ? number : P['default'] extends boolean ? boolean : string };

export const PRESETS = [...EXPERIMENT_IDS, ...FIX_IDS.map((f) => `fix-${f}` as const)] as const;
export type PresetName = (typeof PRESETS)[number];

export function defaults(): Values {
  return Object.fromEntries(PARAMS.map((p) => [p.key, p.default])) as Values;
}

/** The settings of a config (the inverse of `toConfig` for configs the table can express). */
export function fromConfig(config: ExperimentConfig): Values {
  const hidden = config.layers.slice(0, -1);
  return {
    seed: config.seed,
    lo: config.data.lo,
    hi: config.data.hi,
    noise: config.data.noiseSd,
    depth: hidden.length,
    width: hidden[0]?.units ?? 32,
    act: hidden[0]?.activation ?? 'linear',
    init: config.initializer,
    opt: config.optimizer,
    lr: config.learningRate,
    batch: config.batchSize,
    epochs: config.epochs,
    clip: config.clipNorm,
    norm: config.normalize,
    bn: config.batchNorm,
    res: config.residual,
  };
}

export function presetValues(name: PresetName): Values {
  return fromConfig(name.startsWith('fix-') ? withFix(name.slice(4) as (typeof FIX_IDS)[number]) : preset(name as (typeof EXPERIMENT_IDS)[number]));
}

/** The experiment the settings describe: `depth` hidden Dense layers of `width`, then Dense(1); 100 points; predictions for 1, 2, 3. */
export function toConfig(v: Values): ExperimentConfig {
  return {
    experiment: 'playground',
    seed: v.seed,
    data: { lo: v.lo, hi: v.hi, points: 100, noiseSd: v.noise },
    layers: [...Array.from({ length: v.depth }, () => ({ units: v.width, activation: v.act as ExperimentConfig['layers'][number]['activation'] })), { units: 1, activation: 'linear' }],
    learningRate: v.lr,
    batchSize: v.batch,
    epochs: v.epochs,
    predictInputs: [1, 2, 3],
    initializer: v.init as ExperimentConfig['initializer'],
    optimizer: v.opt as ExperimentConfig['optimizer'],
    clipNorm: v.clip,
    normalize: v.norm,
    batchNorm: v.bn,
    residual: v.res,
    stopOnNonFinite: false,
  };
}

/**
 * What a value should have been, as data: the page says it in its own language (`expected_*` UI
 * strings), so no English reaches a zh-TW page.
 */
export type Expected = { kind: 'wholeNumber' } | { kind: 'number' } | { kind: 'oneOf'; options: readonly string[] } | { kind: 'query' } | { kind: 'experiment' };

export type Problem =
  | { kind: 'unknown'; key: string }
  | { kind: 'invalid'; key: string; raw: string; expected: Expected }
  | { kind: 'range'; key: string; raw: string; min: number; max: number }
  | { kind: 'order'; key: string };

/** Reads one raw value (from the URL or a field); what was expected when it does not fit. */
export function parseValue(param: Param, raw: string): { ok: true; value: number | string | boolean } | { ok: false; problem: Problem } {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  switch (param.kind) {
    case 'int':
    case 'number': {
      const pattern = param.kind === 'int' ? /^-?\d{1,12}$/ : /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d{1,3})?$/i;
      const n = Number(raw);
      if (!pattern.test(raw) || !Number.isFinite(n)) {
        return { ok: false, problem: { kind: 'invalid', key: param.key, raw: shown, expected: { kind: param.kind === 'int' ? 'wholeNumber' : 'number' } } };
      }
      if (n < param.min || n > param.max) return { ok: false, problem: { kind: 'range', key: param.key, raw: shown, min: param.min, max: param.max } };
      return { ok: true, value: n };
    }
    case 'enum':
      if (!param.options.includes(raw)) return { ok: false, problem: { kind: 'invalid', key: param.key, raw: shown, expected: { kind: 'oneOf', options: param.options } } };
      return { ok: true, value: raw };
    case 'bool':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return { ok: false, problem: { kind: 'invalid', key: param.key, raw: shown, expected: { kind: 'oneOf', options: ['1', '0'] } } };
    default: {
      const never: never = param;
      // Stryker disable next-line StringLiteral: unreachable, TypeScript refuses a fourth kind here
      throw new Error(`unknown parameter kind ${JSON.stringify(never)}`);
    }
  }
}

/** Reads a URL's query into settings: a valid `preset` first, then each known key; everything else is a problem. */
export function parseSearch(search: string): { values: Values; problems: Problem[] } {
  const problems: Problem[] = [];
  // Never throws: a string query is read as it is, malformed escapes and lone surrogates included.
  const params = new URLSearchParams(search);
  let values = defaults();
  const presetRaw = params.get('preset');
  if (presetRaw !== null) {
    if ((PRESETS as readonly string[]).includes(presetRaw)) values = presetValues(presetRaw as PresetName);
    else problems.push({ kind: 'invalid', key: 'preset', raw: presetRaw.slice(0, 40), expected: { kind: 'oneOf', options: PRESETS } });
  }
  const known = new Set<string>(['preset', ...PARAMS.map((p) => p.key)]);
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!known.has(key) && !seen.has(key)) problems.push({ kind: 'unknown', key: key.slice(0, 40) });
    seen.add(key);
  }
  const next: Record<string, unknown> = { ...values };
  for (const param of PARAMS as readonly Param[]) {
    const raw = params.get(param.key);
    if (raw === null) continue;
    const parsed = parseValue(param, raw);
    if (parsed.ok) next[param.key] = parsed.value;
    else problems.push(parsed.problem);
  }
  values = next as Values;
  if (!(values.lo < values.hi)) {
    problems.push({ kind: 'order', key: 'hi' });
    const base = defaults();
    values = { ...values, lo: base.lo, hi: base.hi };
  }
  // Anything the engine would still refuse falls back whole (the table's ranges should make this unreachable).
  if (validate(toConfig(values)).length > 0) {
    problems.push({ kind: 'invalid', key: 'config', raw: validate(toConfig(values)).join('; ').slice(0, 40), expected: { kind: 'experiment' } });
    values = defaults();
  }
  return { values, problems };
}

/** The query string for settings: every value, so a shared link means the same thing whatever the defaults become. */
export function toSearch(values: Values): string {
  const params = new URLSearchParams();
  for (const param of PARAMS as readonly Param[]) {
    const v = values[param.key as ParamKey];
    params.set(param.key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  return `?${params.toString()}`;
}

/** The row of the table for a key. */
export function param(key: ParamKey): Param {
  return (PARAMS as readonly Param[]).find((p) => p.key === key)!;
}

/** Rounds to two significant digits (how a slider position is written and used). */
export function twoDigits(v: number): number {
  return Number(v.toPrecision(2));
}

/** Every position of a numeric setting's slider, smallest first (see `Slider`). */
export function ladder(p: Param): number[] {
  if (p.kind !== 'int' && p.kind !== 'number') return [];
  const s = p.slider;
  if (!s) return [];
  const out: number[] = [];
  if (s.scale === 'linear') {
    const n = Math.round((s.max - s.min) / s.step);
    for (let i = 0; i <= n; i++) out.push(Number((s.min + i * s.step).toFixed(10)));
  } else {
    for (let e = Math.floor(Math.log10(s.min)); e <= Math.ceil(Math.log10(s.max)); e++) {
      for (const m of LOG_MANTISSAS) {
        const v = twoDigits(m * 10 ** e);
        // Exact: twoDigits gives the same double as the decimal written in the table (0.25, 0.001, 2000).
        if (v >= s.min && v <= s.max) out.push(v);
      }
    }
  }
  const rounded = p.kind === 'int' ? out.map((v) => Math.round(v)) : out;
  return [...new Set(rounded)].filter((v) => v >= p.min && v <= p.max);
}

/** The ladder position closest to `v` (on a log scale for log sliders). */
export function nearestStep(steps: readonly number[], v: number, log: boolean): number {
  const d = (a: number) => (log ? Math.abs(Math.log(a) - Math.log(v)) : Math.abs(a - v));
  let best = 0;
  steps.forEach((s, i) => {
    if (d(s) < d(steps[best]!)) best = i;
  });
  return best;
}

/**
 * A figure's config with some settings changed: the article's experiment stays what it is (its
 * name, its tripwire choice), only the named settings move. `withValues(c, {})` equals `c` for
 * every experiment the table can express (a unit test holds the presets to it).
 */
export function withValues(base: ExperimentConfig, changes: Partial<Values>): ExperimentConfig {
  return { ...toConfig({ ...fromConfig(base), ...changes }), experiment: base.experiment, stopOnNonFinite: base.stopOnNonFinite };
}

/**
 * The settings each article figure puts under the reader's hands, in the order the controls appear:
 * the knobs that matter for its point (issue 13). Fix figures move their own knob on the "after" run.
 */
export const FIGURE_KNOBS = {
  exp1: ['lr', 'hi', 'noise', 'epochs'],
  exp2: ['lr', 'hi', 'noise', 'epochs'],
  exp3: ['act', 'depth', 'init', 'lr', 'epochs'],
  normalize: ['hi'],
  lowerLearningRate: ['lr'],
  clipGradients: ['clip'],
  reluHe: ['lr'],
  batchNorm: ['lr'],
  residual: ['lr'],
  adam: ['lr'],
} as const satisfies Record<string, readonly ParamKey[]>;
