import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, devServerHeaders, metaContentSecurityPolicy, securityHeaders } from './headers';

const expected = securityHeaders();

/** `"a b; c d"` → `{ a: 'b', c: 'd' }`. */
function directives(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('static host header files', () => {
  it('public/_headers sends every header the preview server sends, to every path', () => {
    const text = readFileSync('public/_headers', 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines[0]).toBe('/*');
    const parsed = Object.fromEntries(lines.slice(1).map((l) => l.trim().split(/:\s+/, 2) as [string, string]));
    expect(parsed).toEqual(expected);
  });

  it('vercel.json sends every header the preview server sends, to every path', () => {
    const config = JSON.parse(readFileSync('vercel.json', 'utf8')) as { headers: { source: string; headers: { key: string; value: string }[] }[] };
    expect(config.headers).toHaveLength(1);
    expect(config.headers[0]!.source).toBe('/(.*)');
    expect(Object.fromEntries(config.headers[0]!.headers.map((h) => [h.key, h.value]))).toEqual(expected);
  });

  it('netlify.toml publishes dist/ and sends every header the preview server sends, to every path', () => {
    const config = parseToml(readFileSync('netlify.toml', 'utf8')) as { build: { publish: string; command: string }; headers: { for: string; values: Record<string, string> }[] };
    expect(config.build).toMatchObject({ publish: 'dist', command: 'npm run build' });
    expect(config.headers).toHaveLength(1);
    expect(config.headers[0]!.for).toBe('/*');
    expect(config.headers[0]!.values).toEqual(expected);
  });
});

describe('the header set', () => {
  it('includes cross-origin isolation', () => {
    expect(expected['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(expected['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });

  it('has a Content-Security-Policy with the directives the site promises', () => {
    expect(directives(expected['Content-Security-Policy']!)).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval' blob:",
      'worker-src': "'self' blob:",
      'object-src': "'none'",
      'base-uri': "'self'",
      'frame-ancestors': "'none'",
    });
  });

  it('never lets JavaScript be evaluated from strings or inline', () => {
    const policy = directives(contentSecurityPolicy());
    expect(contentSecurityPolicy()).not.toContain("'unsafe-eval'");
    expect(policy['script-src']).not.toContain("'unsafe-inline'");
    expect(policy['style-src-elem']).not.toContain("'unsafe-inline'");
  });

  it('switches off powerful features the site does not use', () => {
    const policy = expected['Permissions-Policy']!;
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(policy).toContain(`${feature}=()`);
  });

  it('gives pages on header-less hosts the same policy in a meta tag, minus what a meta tag cannot carry', () => {
    const header = directives(contentSecurityPolicy());
    const meta = directives(metaContentSecurityPolicy());
    expect(meta['frame-ancestors']).toBeUndefined();
    const { 'frame-ancestors': _, ...rest } = header;
    expect(meta).toEqual(rest);
  });

  it('leaves only the CSP out of what the dev server sends', () => {
    const { 'Content-Security-Policy': _, ...rest } = expected;
    expect(devServerHeaders()).toEqual(rest);
  });
});
