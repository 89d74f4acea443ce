import { describe, expect, it } from 'vitest';
import { bibtex, bibtexEscape, plainCitation, type Citation } from './cite';

const en: Citation = {
  author: 'Gradient Lab',
  title: 'Watching gradients explode and vanish',
  url: 'https://gradients.example.org/en/exploding-vanishing-gradients/',
  published: new Date('2026-11-27'),
  lang: 'en',
  slug: 'exploding-vanishing-gradients',
};

describe('BibTeX', () => {
  it('is a @misc entry with a stable key, the site as a corporate author, the year, month and URL', () => {
    expect(bibtex(en)).toBe(
      [
        '@misc{gradientlab-2026-exploding-vanishing-gradients,',
        '  author       = {{Gradient Lab}},',
        '  title        = {Watching gradients explode and vanish},',
        '  year         = {2026},',
        '  month        = nov,',
        '  url          = {https://gradients.example.org/en/exploding-vanishing-gradients/},',
        '  howpublished = {\\url{https://gradients.example.org/en/exploding-vanishing-gradients/}}',
        '}',
      ].join('\n'),
    );
  });

  it('notes the last update when there is one', () => {
    expect(bibtex({ ...en, updated: new Date('2026-12-03') })).toContain('  note         = {Updated 2026-12-03}\n}');
  });

  it('escapes the characters LaTeX treats as commands in the title', () => {
    expect(bibtexEscape('50% of 1_000 & {x} #1 $5 ~ ^ \\')).toBe('50\\% of 1\\_000 \\& \\{x\\} \\#1 \\$5 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  });

  it('escapes the braces, ampersand and percent sign of a title in the entry itself, and leaves quotes alone', () => {
    const entry = bibtex({ ...en, title: 'Loss & gain: {a} "b" 100%' });
    expect(entry).toContain('title        = {Loss \\& gain: \\{a\\} "b" 100\\%}');
  });

  it('makes the key from the slug in lower case, each run of other characters one hyphen', () => {
    expect(bibtex({ ...en, slug: 'Why  Gradients, Explode' })).toMatch(/^@misc\{gradientlab-2026-why-gradients-explode,\n/);
  });

  it('keeps Chinese text as it is (BibTeX files are UTF-8)', () => {
    expect(bibtex({ ...en, author: '梯度實驗室', title: '梯度爆炸與梯度消失', lang: 'zh-Hant-TW' })).toContain('title        = {梯度爆炸與梯度消失}');
  });
});

describe('the plain-text citation', () => {
  it('reads author (date). title. URL in English', () => {
    expect(plainCitation(en)).toBe('Gradient Lab (November 27, 2026). Watching gradients explode and vanish. https://gradients.example.org/en/exploding-vanishing-gradients/');
  });

  it('adds the update in English, and leaves it out in Chinese when there is none', () => {
    expect(plainCitation({ ...en, updated: new Date('2026-12-03') })).toBe('Gradient Lab (November 27, 2026). Watching gradients explode and vanish. https://gradients.example.org/en/exploding-vanishing-gradients/ (updated December 3, 2026)');
    const zh = { ...en, author: '梯度實驗室', title: '梯度爆炸與梯度消失', lang: 'zh-Hant-TW' };
    expect(plainCitation(zh)).toBe('梯度實驗室（2026年11月27日）。〈梯度爆炸與梯度消失〉。https://gradients.example.org/en/exploding-vanishing-gradients/');
  });

  it('uses Chinese punctuation and dates in Traditional Chinese, with the update', () => {
    const zh = { ...en, author: '梯度實驗室', title: '梯度爆炸與梯度消失', lang: 'zh-Hant-TW', updated: new Date('2026-12-03') };
    expect(plainCitation(zh)).toBe('梯度實驗室（2026年11月27日）。〈梯度爆炸與梯度消失〉。https://gradients.example.org/en/exploding-vanishing-gradients/（2026年12月3日更新）');
  });
});
