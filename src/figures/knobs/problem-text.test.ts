// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '@/i18n/strings-en';
import { zhTw } from '@/i18n/strings-zh-tw';
import { UI } from '@/i18n/ui';
import { problemNodes, problemParts } from './problem-text';

// Both dictionaries, as the server holds them (in the browser each page fetches its own).
beforeAll(() => Object.assign(UI, { en, 'zh-tw': zhTw }));

describe('a parameter problem in words', () => {
  it('quotes an unknown key as code', () => {
    expect(problemParts('en', { kind: 'unknown', key: 'speed' })).toEqual(['“', { code: 'speed' }, '” is not a setting (ignored).']);
    expect(problemParts('zh-tw', { kind: 'unknown', key: 'speed' })).toEqual(['「', { code: 'speed' }, '」不是可調整的設定（已忽略）。']);
  });

  it('names the setting as its control does, the typed value as code, and the range', () => {
    expect(problemParts('en', { kind: 'range', key: 'lr', raw: '50', min: 0.000001, max: 10 })).toEqual([
      '“', 'Learning rate', '” = ', { code: '50' }, ' is outside ', '0.000001', '…', '10', '.',
    ]);
    expect(problemParts('zh-tw', { kind: 'range', key: 'depth', raw: '0', min: 1, max: 10 })).toEqual([
      '「', '隱藏層數', '」= ', { code: '0' }, ' 超出 ', '1', '…', '10', ' 的範圍。',
    ]);
  });

  it('says what a number field expected', () => {
    expect(problemParts('en', { kind: 'invalid', key: 'depth', raw: '2.5', expected: { kind: 'wholeNumber' } })).toEqual([
      '“', 'Hidden layers', '” = “', { code: '2.5' }, '” is not ', 'a whole number', '.',
    ]);
    expect(problemParts('zh-tw', { kind: 'invalid', key: 'lr', raw: 'fast', expected: { kind: 'number' } })).toEqual([
      '「', '學習率', '」=「', { code: 'fast' }, '」不是', '數字', '。',
    ]);
  });

  it('says the address or the experiment was not usable', () => {
    expect(problemParts('en', { kind: 'invalid', key: 'url', raw: '%%', expected: { kind: 'query' } })).toEqual([
      '“', { code: 'url' }, '” = “', { code: '%%' }, '” is not ', 'a query string', '.',
    ]);
    expect(problemParts('en', { kind: 'invalid', key: 'config', raw: 'lo ≥ hi', expected: { kind: 'experiment' } }).at(-2)).toBe('an experiment the lab can train');
  });

  it('lists a choice’s options by their names in the page’s language', () => {
    expect(problemParts('en', { kind: 'invalid', key: 'act', raw: 'swish', expected: { kind: 'oneOf', options: ['linear', 'relu'] } })).toEqual([
      '“', 'Activation (ACT)', '” = “', { code: 'swish' }, '” is not ', 'one of: ', 'none (linear)', ', ', 'ReLU', '.',
    ]);
    // The Chinese template ends with the list: nothing empty after it.
    expect(problemParts('zh-tw', { kind: 'invalid', key: 'act', raw: 'swish', expected: { kind: 'oneOf', options: ['linear', 'relu'] } })).toEqual([
      '「', '啟動函數（ACT）', '」=「', { code: 'swish' }, '」不是', '下列其中之一：', '無（線性）', '、', 'ReLU', '。',
    ]);
  });

  it('lists identifiers (presets, a switch’s 1 and 0) as code', () => {
    expect(problemParts('en', { kind: 'invalid', key: 'preset', raw: 'exp9', expected: { kind: 'oneOf', options: ['exp1', 'exp2'] } })).toEqual([
      '“', { code: 'preset' }, '” = “', { code: 'exp9' }, '” is not ', 'one of: ', { code: 'exp1' }, ', ', { code: 'exp2' }, '.',
    ]);
    expect(problemParts('en', { kind: 'invalid', key: 'norm', raw: 'yes', expected: { kind: 'oneOf', options: ['1', '0'] } }).slice(-5)).toEqual([
      'one of: ', { code: '1' }, ', ', { code: '0' }, '.',
    ]);
  });

  it('says the input range is the wrong way round', () => {
    expect(problemParts('en', { kind: 'order', key: 'hi' })).toEqual(['The input range must go from a smaller to a larger number.']);
    expect(problemParts('zh-tw', { kind: 'order', key: 'hi' })).toEqual(['輸入範圍必須從較小的數到較大的數。']);
  });

  it('refuses a problem or an expectation it does not know', () => {
    expect(() => problemParts('en', { kind: 'bad', key: 'x' } as never)).toThrow('unknown problem {"kind":"bad","key":"x"}');
    expect(() => problemParts('en', { kind: 'invalid', key: 'lr', raw: '', expected: { kind: 'bad' } } as never)).toThrow('unknown expectation {"kind":"bad"}');
  });
});

describe('a parameter problem as DOM nodes', () => {
  it('is text nodes and <code> elements, never markup from the address', () => {
    const nodes = problemNodes('en', { kind: 'unknown', key: '<img src=x>' });
    expect(nodes.map((n) => n.nodeName)).toEqual(['#text', 'CODE', '#text']);
    expect(nodes.map((n) => n.textContent).join('')).toBe('“<img src=x>” is not a setting (ignored).');
    expect((nodes[1] as Element).children).toHaveLength(0);
  });
});
