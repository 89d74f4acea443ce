import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './headers';

const expected = securityHeaders();

describe('static host header files', () => {
  it('public/_headers sends every header the dev server sends, to every path', () => {
    const text = readFileSync('public/_headers', 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines[0]).toBe('/*');
    const parsed = Object.fromEntries(lines.slice(1).map((l) => l.trim().split(/:\s+/, 2) as [string, string]));
    expect(parsed).toEqual(expected);
  });

  it('vercel.json sends every header the dev server sends, to every path', () => {
    const config = JSON.parse(readFileSync('vercel.json', 'utf8')) as { headers: { source: string; headers: { key: string; value: string }[] }[] };
    expect(config.headers).toHaveLength(1);
    expect(config.headers[0]!.source).toBe('/(.*)');
    expect(Object.fromEntries(config.headers[0]!.headers.map((h) => [h.key, h.value]))).toEqual(expected);
  });

  it('includes cross-origin isolation', () => {
    expect(expected['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(expected['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });
});
