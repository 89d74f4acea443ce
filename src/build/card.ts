/**
 * Social cards: a 1200 × 630 PNG per page, drawn at build time (src/pages/og/). satori lays the
 * card out and turns its text into outlines (SVG), resvg rasterises that SVG.
 *
 * The font is Noto Sans TC (Traditional Chinese glyph forms and Taiwan-style centred punctuation,
 * plus Latin), from @fontsource-variable/noto-sans-tc. That package splits the font into ~120
 * unicode-range files; for each card we take only the files holding the card's characters, cut each
 * down to exactly those characters (harfbuzz's hb-subset, via subset-font) and pin its weight axis
 * to the weight the card uses. The font is read from node_modules here and never emitted: what the
 * reader downloads is the PNG, whose text is already outlines.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import subsetFont from 'subset-font';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

export interface CardContent {
  siteName: string;
  title: string;
  description: string;
  /** Bottom-right: the site's host, or anything short. */
  footer: string;
  /** Loss curves for the motif, drawn on one log scale (non-finite losses end a curve). */
  curves: { losses: readonly number[]; color: string }[];
}

export interface Card {
  png: Buffer;
  /** The font subsets the card was drawn with, in bytes: build-time only. */
  fontBytes: number;
}

/** The site's light theme (src/styles/global.css). */
const COLORS = { bg: '#fdfdfb', fg: '#1c1c1c', muted: '#575757', rule: '#dcdcd6', accent: '#0a5bb5', accent2: '#b43d0c' };
const FAMILY = 'Noto Sans TC';
const PAD = 64;
const RULE = 16;

/** A satori element (what JSX would compile to, without a JSX runtime). */
interface Node {
  type: string;
  props: Record<string, unknown> & { children?: Node | string | (Node | string)[] | undefined };
}
const h = (type: string, props: Record<string, unknown>, ...children: (Node | string)[]): Node => ({
  type,
  props: { ...props, children: children.length === 1 ? children[0] : children },
});

// ---- Fonts ----

const fontDir = dirname(createRequire(join(process.cwd(), 'package.json')).resolve('@fontsource-variable/noto-sans-tc/package.json'));

interface FontFile {
  file: string;
  ranges: [number, number][];
}

let fontFiles: FontFile[] | null = null;

/** The package's unicode-range files, in its own order ('[0]'…'[119]', 'latin', …). */
function files(): FontFile[] {
  fontFiles ??= Object.entries(JSON.parse(readFileSync(join(fontDir, 'unicode.json'), 'utf8')) as Record<string, string>).map(([key, ranges]) => ({
    file: join(fontDir, 'files', `noto-sans-tc-${key.replace(/[[\]]/g, '')}-wght-normal.woff2`),
    ranges: ranges.split(',').map((range) => {
      const [lo = '', hi = lo] = range.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(lo, 16), parseInt(hi, 16)];
    }),
  }));
  return fontFiles;
}

/** Which file holds each character of `text`, grouped by file; throws on a character the font lacks. */
export function fontFilesFor(text: string): Map<string, string> {
  const byFile = new Map<string, string>();
  for (const ch of new Set(text.replace(/[\t\n\r]/g, ''))) {
    const cp = ch.codePointAt(0)!;
    const holder = files().find((f) => f.ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
    if (!holder) throw new Error(`social card: Noto Sans TC has no glyph for "${ch}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`);
    byFile.set(holder.file, (byFile.get(holder.file) ?? '') + ch);
  }
  return byFile;
}

/**
 * The card's fonts: for each file holding some of its characters, a subset of exactly those
 * characters at each weight the card uses (the weight axis pinned). satori keeps one font per name
 * and weight, so each file gets its own family name, listed in `family` for the card to fall back
 * through glyph by glyph; within a family satori picks the weight.
 */
async function subsetFonts(text: string) {
  const fonts: { name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[] = [];
  let i = 0;
  for (const [file, chars] of fontFilesFor(text)) {
    const name = `${FAMILY} ${i++}`;
    const source = readFileSync(file);
    for (const weight of [400, 700] as const) {
      fonts.push({ name, data: await subsetFont(source, chars, { targetFormat: 'sfnt', variationAxes: { wght: weight } }), weight, style: 'normal' });
    }
  }
  return { fonts, family: [...new Set(fonts.map((f) => `'${f.name}'`))].join(', ') };
}

// ---- The motif ----

/** SVG path data for each curve: epochs across, log10(loss) up, over a shared range. */
export function curvePaths(curves: readonly { losses: readonly number[] }[], width: number, height: number): string[] {
  const logs = curves.map((c) => c.losses.map((l) => (Number.isFinite(l) && l > 0 ? Math.log10(l) : NaN)));
  const finite = logs.flat().filter(Number.isFinite);
  if (finite.length === 0) return curves.map(() => '');
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo || 1;
  const longest = Math.max(...logs.map((l) => l.length));
  return logs.map((ys) => {
    const points: string[] = [];
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i]!;
      if (!Number.isFinite(y)) break;
      points.push(`${points.length ? 'L' : 'M'}${((i / Math.max(1, longest - 1)) * width).toFixed(1)} ${(height - ((y - lo) / span) * height).toFixed(1)}`);
    }
    return points.join(' ');
  });
}

function motif(curves: CardContent['curves'], width: number, height: number): Node {
  const inset = 6; // room for the stroke at the edges
  const paths = curvePaths(curves, width - 2 * inset, height - 2 * inset);
  const grid = [0.25, 0.5, 0.75].map((f) => h('line', { x1: 0, x2: width, y1: height * f, y2: height * f, stroke: COLORS.rule, 'stroke-width': 2 }));
  const lines = paths.map((d, i) =>
    h('path', { d, fill: 'none', stroke: curves[i]!.color, 'stroke-width': 6, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', transform: `translate(${inset} ${inset})` }),
  );
  return h('svg', { width, height, viewBox: `0 0 ${width} ${height}` }, ...grid, ...lines);
}

// ---- The card ----

const ELLIPSIS = '…';

/** The card as satori's element tree (what it lays out and draws): site name, title, description, the motif and the footer, top to bottom. */
export function cardTree(content: CardContent, family: string): Node {
  const motifWidth = CARD_WIDTH - 2 * PAD;
  return h(
    'div',
    // satori sizes boxes as content-box: the padding and the top rule come on top of width and height.
    { style: { width: CARD_WIDTH - 2 * PAD, height: CARD_HEIGHT - 2 * PAD - RULE, display: 'flex', flexDirection: 'column', padding: PAD, fontFamily: family, background: COLORS.bg, color: COLORS.fg, borderTop: `${RULE}px solid ${COLORS.accent}` } },
    h('div', { style: { display: 'flex', fontSize: 30, fontWeight: 700, color: COLORS.accent } }, content.siteName),
    h('div', { style: { display: 'block', marginTop: 24, fontSize: 60, fontWeight: 700, lineHeight: 1.22, lineClamp: 2 } }, content.title),
    h('div', { style: { display: 'block', marginTop: 20, fontSize: 30, fontWeight: 400, color: COLORS.muted, lineClamp: 1 } }, content.description),
    h('div', { style: { display: 'flex', flexGrow: 1 } }),
    h(
      'div',
      { style: { display: 'flex', alignItems: 'flex-end', justifyContent: 'space-between' } },
      motif(content.curves, motifWidth - 300, 130),
      h('div', { style: { display: 'flex', fontSize: 24, fontWeight: 400, color: COLORS.muted } }, content.footer),
    ),
  );
}

export async function renderCard(content: CardContent): Promise<Card> {
  const { fonts, family } = await subsetFonts(content.siteName + content.title + content.description + content.footer + ELLIPSIS);
  const svg = await satori(cardTree(content, family) as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts });
  const png = new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng();
  return { png, fontBytes: fonts.reduce((sum, f) => sum + f.data.length, 0) };
}

/** What a card names as its address: the site's host and sub-path ('gradients.example.org', 'me.github.io/lab'). */
export function cardFooter(site: URL | undefined, base: string): string {
  return `${site?.host ?? ''}${base.replace(/\/$/, '')}`;
}

/** The motif: a run that learns (experiment 1, the accent colour) over one that stalls (experiment 3). */
export function motifCurves(learns: readonly number[], stalls: readonly number[]): CardContent['curves'] {
  return [
    { losses: stalls, color: COLORS.accent2 },
    { losses: learns, color: COLORS.accent },
  ];
}
