/**
 * Renders a run the way the article's console did: Keras' progress lines and numpy's printing of
 * float32 arrays. Pure string functions; the island and the build-time baking both use them.
 *
 *   Epoch 1/20
 *   layer1: [ 0.07604259  0.27522993 -0.10235941  0.08207107 -0.04505447 -0.07462746]
 *   5/5 [==============================] - 0s 2ms/step - loss: 0.1663
 *   1=[0.98057926], 2=[1.9300488], 3=[2.8795183]
 */
import type { EpochRecord, RunTrace } from '../engine/trace';

/** The shortest decimal that reads back as the same float32 (numpy's "unique" Dragon4 mode). */
function shortestFloat32(v: number, style: 'fixed' | 'exp'): string {
  const f = Math.fround(v);
  // Nine significant digits always read back as the same float32, so the loop ends by p = 9.
  for (let p = 1; ; p++) {
    const s = style === 'exp' ? f.toExponential(p - 1) : f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return s;
  }
}

/** `s` cut at the first `sep` (one character): what comes before, and what after ('' when there is no `sep`). */
function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i === -1 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** A float32 in positional notation, shortest round-trip, at most 8 fractional digits (numpy maxprec). */
function positional(v: number): { int: string; frac: string } {
  const s = shortestFloat32(v, 'fixed');
  // toPrecision writes a whole number with more places than digits in e-notation ('1e+2' for 100),
  // and the shortest form may have a 9th fractional digit: both are printed to 8 places, and numpy
  // drops the trailing zeros ('100.', '0.0123').
  const [int, frac] = cut(s, '.');
  // Stryker disable next-line EqualityOperator: a shortest form with exactly 8 fractional digits is toFixed(8) already (both round f correctly at that place), so `>= 8` changes nothing
  const past8 = frac.length > 8;
  if (s.includes('e') || past8) {
    const [fixedInt, fixedFrac] = cut(Math.fround(v).toFixed(8), '.');
    return { int: fixedInt, frac: fixedFrac.replace(/0+$/, '') };
  }
  return { int, frac };
}

/** A float32 in scientific notation: mantissa digits and exponent, shortest round-trip. */
function scientific(v: number): { int: string; frac: string; exp: number } {
  const [mantissa, exp] = cut(shortestFloat32(v, 'exp'), 'e');
  const [int, frac] = cut(mantissa, '.');
  return { int, frac, exp: Number(exp) };
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : '-inf';
}

/**
 * numpy's `str()` of a 1-D float32 array (default print options: precision 8, linewidth 75).
 * Scientific notation when the largest magnitude is ≥ 1e8, the smallest non-zero is < 1e-4, or
 * they are more than 1000× apart; every element then shows the same number of digits.
 */
export function formatArray(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  const magnitudes = finite.map((v) => Math.abs(Math.fround(v))).filter((a) => a > 0); // numpy compares the float32 values
  const max = Math.max(0, ...magnitudes);
  const min = magnitudes.length ? Math.min(...magnitudes) : 0;
  // Stryker disable next-line EqualityOperator: no float32 is exactly 1e-4, so `<=` would read the same
  const tiny = min < 1e-4;
  const useExp = max >= 1e8 || (min > 0 && (tiny || max / min > 1e3));

  let cell: (v: number) => string;
  if (finite.length === 0) {
    // nan, inf and -inf alone still share one width: numpy prints [ nan -inf].
    const width = Math.max(...values.map((v) => nonFinite(v).length));
    cell = (v) => nonFinite(v).padStart(width);
  } else if (useExp) {
    const parts = finite.map(scientific);
    const digits = Math.max(...parts.map((p) => p.frac.length));
    const expDigits = Math.max(2, ...parts.map((p) => String(Math.abs(p.exp)).length));
    const padLeft = Math.max(...parts.map((p) => p.int.length));
    const render = (v: number) => {
      const f = Math.fround(v);
      const [mantissa, exp] = cut(f.toExponential(digits), 'e');
      const [int, frac] = cut(mantissa, '.');
      const e = Number(exp);
      return `${int.padStart(padLeft)}.${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(expDigits, '0')}`;
    };
    const width = render(finite[0]!).length; // every rendered number has this width
    cell = (v) => (Number.isFinite(v) ? render(v) : nonFinite(v).padStart(width));
  } else {
    const parts = finite.map(positional);
    const padRight = Math.max(...parts.map((p) => p.frac.length));
    // Room for 'nan', 'inf' or '-inf' in the column, as numpy makes it.
    const nonFiniteWidth = Math.max(0, ...values.filter((v) => !Number.isFinite(v)).map((v) => nonFinite(v).length));
    const padLeft = Math.max(...parts.map((p) => p.int.length), nonFiniteWidth - padRight - 1);
    const render = (v: number) => {
      const { int, frac } = positional(v);
      return `${int.padStart(padLeft)}.${frac.padEnd(padRight)}`;
    };
    cell = (v) => (Number.isFinite(v) ? render(v) : nonFinite(v).padStart(padLeft + 1 + padRight));
  }

  // Wrap like numpy: a line may not pass 74 characters (75 less room for the closing bracket).
  // Every cell has one width w, 2 to 15 characters, so no cell overflows a line on its own.
  const lines: string[] = [];
  let line = '[';
  values.forEach((v, i) => {
    const word = cell(v);
    // Stryker disable next-line EqualityOperator: a line before a cell is 1 + j·(w + 1) long, so line + cell = 74 would need (j + 1)(w + 1) = 74 = 2·37, which no width from 2 to 15 gives
    if (line.length + word.length > 74) {
      lines.push(line.trimEnd());
      line = ' ';
    }
    line += word;
    if (i < values.length - 1) line += ' ';
  });
  lines.push(`${line}]`);
  return lines.join('\n');
}

/** Python's `'%.4f' % v`, exact for every double (JavaScript's toFixed switches to e-notation at 1e21). */
function percentF4(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (Math.abs(v) < 1e21) return v.toFixed(4);
  return `${BigInt(v).toString()}.0000`;
}

/** Keras' progress-bar number: `%.4f`, or `%.4e` for magnitudes ≤ 1e-3 (and nan). */
export function kerasNumber(v: number): string {
  if (Math.abs(v) > 1e-3) return percentF4(v);
  if (!Number.isFinite(v)) return nonFinite(v);
  const [mantissa, exp] = cut(v.toExponential(4), 'e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Keras' time per step: `2ms/step`, `310us/step`. */
export function kerasTimePerStep(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(0)}s/step`;
  if (ms >= 1) return `${ms.toFixed(0)}ms/step`;
  return `${(ms * 1000).toFixed(0)}us/step`;
}

export function epochHeader(epoch: number, epochs: number): string {
  return `Epoch ${epoch}/${epochs}`;
}

export function printoutLine(printed: readonly number[]): string {
  return `layer1: ${formatArray(printed)}`;
}

/** `5/5 [==============================] - 0s 2ms/step - loss: 0.1663` */
export function progressLine(steps: number, msPerStep: number, loss: number): string {
  const seconds = Math.round((msPerStep * steps) / 1000);
  return `${steps}/${steps} [${'='.repeat(30)}] - ${seconds}s ${kerasTimePerStep(msPerStep)} - loss: ${kerasNumber(loss)}`;
}

/** `1=[0.98057926], 2=[1.9300488], 3=[2.8795183]` */
export function predictionsLine(inputs: readonly number[], predictions: readonly number[]): string {
  return inputs.map((x, i) => `${x}=${formatArray([predictions[i] ?? NaN])}`).join(', ');
}

/** The three console lines of one epoch. */
export function epochLines(record: EpochRecord, epochs: number, steps: number): string[] {
  return [epochHeader(record.epoch, epochs), printoutLine(record.printed), progressLine(steps, record.msPerStep, record.loss)];
}

/** The whole console of a run, epoch by epoch, then the predictions (when the run finished). */
export function formatConsole(trace: RunTrace): string {
  const { config } = trace;
  const steps = Math.ceil(config.data.points / config.batchSize);
  const lines = trace.epochs.flatMap((e) => epochLines(e, config.epochs, steps));
  if (trace.predictions) lines.push(predictionsLine(config.predictInputs, trace.predictions));
  return lines.join('\n');
}
