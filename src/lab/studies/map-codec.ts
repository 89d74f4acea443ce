/**
 * The explosion map's cells, compact enough to bake into the article's HTML (1,024 runs in 2,048
 * characters), and a cell's settings as the experiment 2 figure takes them. Pure.
 *
 * Each cell is two characters of a 64-letter alphabet, one number 0…4095:
 *
 *   0 … 1999      learned, final loss 10^(k/100 − 8)  (k = 0 … 1999: 1e−8 … 1e12, steps of 2.3 %)
 *   2000 … 3999   stalled, the same loss scale
 *   4000 + e      exploded, first non-finite loss at epoch e (1 … 95)
 *
 * A finite loss is kept to the nearest 1/100 of a decade (within 1.2 %, about two significant
 * digits: what the figure prints); outcome and epoch are kept exactly. `encodeCells` of a live map
 * equals the baked string exactly when every outcome and epoch agree and every loss rounds alike.
 */
import { noiseSdFor, type ExplosionCell, type ExplosionGrid, type Outcome } from './explosion-grid';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const PER_DECADE = 100;
const FROM_DECADE = -8;
const LEVELS = 2000;
const EXPLODED = 4000;
const MAX_EPOCH = 4095 - EXPLODED;

/** A cell as the page knows it from the baked string: the loss to two digits, none for an exploded run. */
export interface BakedCell {
  lr: number;
  hi: number;
  outcome: Outcome;
  firstNonFiniteEpoch: number | null;
  /** The final loss as encoded (NaN for an exploded run: only the epoch is kept). */
  finalLoss: number;
}

/** The level a finite positive loss is kept at (clamped to the scale's ends). */
function level(loss: number): number {
  const k = Math.round((Math.log10(loss) - FROM_DECADE) * PER_DECADE);
  return Math.min(LEVELS - 1, Math.max(0, Number.isFinite(k) ? k : 0));
}

/** The loss a level stands for. */
function lossOf(k: number): number {
  return 10 ** (k / PER_DECADE + FROM_DECADE);
}

/** The value a finite loss reads as after a trip through the codec. */
export function roundedLoss(loss: number): number {
  return lossOf(level(loss));
}

function codeOf(cell: Pick<ExplosionCell, 'outcome' | 'firstNonFiniteEpoch' | 'finalLoss'>): number {
  if (cell.outcome === 'exploded') {
    const e = cell.firstNonFiniteEpoch ?? 1;
    if (!(e >= 1 && e <= MAX_EPOCH)) throw new Error(`epoch ${e} does not fit the map's code`);
    return EXPLODED + e;
  }
  return (cell.outcome === 'learned' ? 0 : LEVELS) + level(cell.finalLoss);
}

/** The cells (in grid order) as a string of two characters each. */
export function encodeCells(cells: readonly Pick<ExplosionCell, 'outcome' | 'firstNonFiniteEpoch' | 'finalLoss'>[]): string {
  return cells.map((c) => {
    const code = codeOf(c);
    return ALPHABET[code >> 6]! + ALPHABET[code & 63]!;
  }).join('');
}

/** The cells back, by hi then lr (grid order); throws on a string that does not fit the grid. */
export function decodeCells(text: string, grid: Pick<ExplosionGrid, 'lrs' | 'his'>): BakedCell[] {
  const n = grid.lrs.length * grid.his.length;
  if (text.length !== 2 * n) throw new Error(`the baked map has ${text.length / 2} cells, the grid ${n}`);
  return Array.from({ length: n }, (_, i) => {
    const [a, b] = [ALPHABET.indexOf(text[2 * i]!), ALPHABET.indexOf(text[2 * i + 1]!)];
    if (a < 0 || b < 0) throw new Error(`the baked map has a bad character at cell ${i}`);
    const code = (a << 6) | b;
    const lr = grid.lrs[i % grid.lrs.length]!;
    const hi = grid.his[Math.floor(i / grid.lrs.length)]!;
    if (code > EXPLODED) return { lr, hi, outcome: 'exploded', firstNonFiniteEpoch: code - EXPLODED, finalLoss: NaN };
    if (code >= 2 * LEVELS) throw new Error(`the baked map has an unknown code at cell ${i}`);
    return { lr, hi, outcome: code < LEVELS ? 'learned' : 'stalled', firstNonFiniteEpoch: null, finalLoss: lossOf(code % LEVELS) };
  });
}

/** What a map cell loads into the experiment 2 figure: its learning rate, input range, the noise the map scales with it, and the map's seed. */
export interface CellSettings {
  lr: number;
  hi: number;
  noise: number;
  seed: number;
}

/** The settings of the cell at (row, col) = (index into his, index into lrs). */
export function cellSettings(grid: ExplosionGrid, row: number, col: number): CellSettings {
  const lr = grid.lrs[col];
  const hi = grid.his[row];
  if (lr === undefined || hi === undefined) throw new Error(`no cell at row ${row}, column ${col}`);
  return { lr, hi, noise: noiseSdFor(hi), seed: grid.seed };
}
