import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH, cardTree, curvePaths, fontFilesFor, renderCard } from './card';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const curves = [
  { losses: [0.17, 0.05, 0.01, 0.004, 0.003, 0.0026], color: '#0a5bb5' },
  { losses: [0.3, 0.12, 0.1, 0.09, 0.095, 0.09], color: '#b43d0c' },
];

/** The texts of an element tree in reading order, each with its font size. */
function texts(node: unknown, size = 0): { text: string; size: number }[] {
  if (typeof node === 'string') return [{ text: node, size }];
  if (!node || typeof node !== 'object') return [];
  const { props } = node as { props?: { style?: { fontSize?: number }; children?: unknown } };
  const own = props?.style?.fontSize ?? size;
  const children = props?.children;
  return (Array.isArray(children) ? children : [children]).flatMap((c) => texts(c, own));
}

describe('social cards', () => {
  it('put the site name small at the top, the article’s title large below it, then the description and the address', () => {
    const content = { siteName: 'Gradient Lab', title: 'Watching gradients explode', description: 'Three experiments', footer: 'gradients.example.org', curves };
    const order = texts(cardTree(content, 'Test Sans'));
    expect(order.map((t) => t.text)).toEqual(['Gradient Lab', 'Watching gradients explode', 'Three experiments', 'gradients.example.org']);
    const size = (text: string) => order.find((t) => t.text === text)!.size;
    expect(size('Watching gradients explode')).toBeGreaterThan(size('Gradient Lab'));
  });

  it('are 1200 × 630 PNGs', async () => {
    const { png } = await renderCard({ siteName: 'Gradient Lab', title: 'Watching gradients explode and vanish', description: 'Three tiny Keras experiments.', footer: 'gradients.example.org', curves });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pngSize(png)).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
    if (process.env['CARD_PREVIEW']) writeFileSync(`${process.env['CARD_PREVIEW']}/card-en.png`, png);
  });

  it('draw Traditional Chinese from a font subset of a few kilobytes per character, not the whole font', async () => {
    const title = '梯度爆炸與梯度消失：在瀏覽器裡親眼看它發生';
    const description = '用三個小小的 Keras 實驗，在瀏覽器裡重現梯度爆炸與梯度消失。';
    const { png, fontBytes } = await renderCard({ siteName: '梯度實驗室', title, description, footer: 'gradients.example.org', curves });
    expect(pngSize(png)).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
    const characters = new Set(title + description).size;
    expect(fontBytes).toBeGreaterThan(0);
    expect(fontBytes / characters).toBeLessThan(3_000);
    if (process.env['CARD_PREVIEW']) writeFileSync(`${process.env['CARD_PREVIEW']}/card-zh.png`, png);
  });

  it('find a font file for every character of both languages’ text, Latin and punctuation included', () => {
    const text = '梯度實驗室 Gradient Lab：、，（）…';
    const found = [...fontFilesFor(text).values()].join('');
    expect([...found].sort()).toEqual([...new Set(text)].sort());
  });

  it('refuse a character the font cannot draw rather than print a blank box', () => {
    expect(() => fontFilesFor('\u{1FAE8}')).toThrow(/no glyph for .+ \(U\+1FAE8\)/);
  });
});

describe('the loss-curve motif', () => {
  it('puts every curve on one log scale, highest loss at the top and lowest at the bottom', () => {
    const [a, b] = curvePaths([{ losses: [100, 10, 1] }, { losses: [10, 10] }], 200, 100);
    expect(a).toBe('M0.0 0.0 L100.0 50.0 L200.0 100.0');
    expect(b).toBe('M0.0 50.0 L100.0 50.0');
  });

  it('ends a curve at its first non-finite loss', () => {
    const [a] = curvePaths([{ losses: [1, 10, NaN, 5] }], 300, 100);
    expect(a).toBe('M0.0 100.0 L100.0 0.0');
  });
});
