import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, devServerHeaders, embedHeaders, HEADER_RULES, headersFor, metaContentSecurityPolicy, securityHeaders } from './headers';

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

/** Paths that must get the site-wide set, and paths that must get the embed set. */
const SITE_PATHS = ['/', '/en/exploding-vanishing-gradients/', '/_astro/worker.abc.js', '/_astro/x.wasm', '/en/rss.xml', '/embedded/'];
const EMBED_PATHS = ['/embed/en/exploding-vanishing-gradients/exp1/', '/embed/zh-tw/exploding-vanishing-gradients/fix-normalize/'];

/** A `_headers` glob (`/*`, `/embed/*`) as a RegExp over the whole path. */
const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

interface Block {
  path: string;
  lines: string[];
}

function headersFileBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) blocks.push({ path: line.trim(), lines: [] });
    else blocks.at(-1)!.lines.push(line.trim());
  }
  return blocks;
}

/** What Cloudflare Pages serves: every matching block in file order; a repeated header is comma-joined, `! name` detaches. */
function cloudflare(blocks: Block[], path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of blocks.filter((b) => glob(b.path).test(path))) {
    for (const line of block.lines) {
      if (line.startsWith('!')) {
        delete out[line.slice(1).trim()];
        continue;
      }
      const [name = '', value = ''] = line.split(/:\s+/, 2) as [string, string];
      out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
    }
  }
  return out;
}

/** What Netlify serves: `! name` lines have no colon and are skipped; the last matching rule's value of a header wins. */
function netlify(rules: { for: string; values: Record<string, string> }[], path: string): Record<string, string> {
  return Object.assign({}, ...rules.filter((r) => glob(r.for).test(path)).map((r) => r.values)) as Record<string, string>;
}

describe('static host header files', () => {
  const blocks = headersFileBlocks(readFileSync('public/_headers', 'utf8'));

  it('public/_headers lists the rules of src/build/headers.ts, in order', () => {
    expect(blocks.map((b) => b.path)).toEqual(HEADER_RULES.map((r) => r.path));
  });

  it('public/_headers gives every path its header set on Cloudflare Pages (rules joined, "!" detaches)', () => {
    for (const path of [...SITE_PATHS, ...EMBED_PATHS]) expect(cloudflare(blocks, path), path).toEqual(headersFor(path));
  });

  it('public/_headers gives every path its header set on Netlify (later rule wins, "!" lines skipped)', () => {
    const rules = blocks.map((b) => ({
      for: b.path,
      values: Object.fromEntries(b.lines.filter((l) => l.includes(':')).map((l) => l.split(/:\s+/, 2) as [string, string])),
    }));
    for (const path of [...SITE_PATHS, ...EMBED_PATHS]) expect(netlify(rules, path), path).toEqual(headersFor(path));
  });

  it('vercel.json gives every path exactly one rule, and that rule is its header set', () => {
    const config = JSON.parse(readFileSync('vercel.json', 'utf8')) as { headers: { source: string; headers: { key: string; value: string }[] }[] };
    for (const path of [...SITE_PATHS, ...EMBED_PATHS]) {
      const matching = config.headers.filter((r) => new RegExp(`^${r.source}$`).test(path));
      expect(matching, path).toHaveLength(1);
      expect(Object.fromEntries(matching[0]!.headers.map((h) => [h.key, h.value])), path).toEqual(headersFor(path));
    }
  });

  it('netlify.toml publishes dist/ and gives every path its header set (later rule wins)', () => {
    const config = parseToml(readFileSync('netlify.toml', 'utf8')) as { build: { publish: string; command: string }; headers: { for: string; values: Record<string, string> }[] };
    expect(config.build).toMatchObject({ publish: 'dist', command: 'npm run build' });
    expect(config.headers.map((r) => r.for)).toEqual(HEADER_RULES.map((r) => r.path));
    for (const path of [...SITE_PATHS, ...EMBED_PATHS]) expect(netlify(config.headers, path), path).toEqual(headersFor(path));
  });
});

describe('the embed pages', () => {
  it('may be framed by any site, and nothing else is', () => {
    for (const path of EMBED_PATHS) expect(directives(headersFor(path)['Content-Security-Policy']!)['frame-ancestors'], path).toBe('*');
    for (const path of SITE_PATHS) expect(directives(headersFor(path)['Content-Security-Policy']!)['frame-ancestors'], path).toBe("'none'");
  });

  it('may be loaded by a cross-origin-isolated page (CORP cross-origin, COEP require-corp)', () => {
    expect(embedHeaders()).toMatchObject({ 'Cross-Origin-Resource-Policy': 'cross-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
  });

  it('keep every other header and directive of the site-wide set', () => {
    const { 'Content-Security-Policy': embedCsp, 'Cross-Origin-Resource-Policy': _e, ...embedRest } = embedHeaders();
    const { 'Content-Security-Policy': siteCsp, 'Cross-Origin-Resource-Policy': _s, ...siteRest } = expected;
    expect(embedRest).toEqual(siteRest);
    const { 'frame-ancestors': _fe, ...embedDirectives } = directives(embedCsp!);
    const { 'frame-ancestors': _fs, ...siteDirectives } = directives(siteCsp!);
    expect(embedDirectives).toEqual(siteDirectives);
  });

  it('are found under a base path too', () => {
    expect(headersFor('/repo/embed/en/a/exp1/', '/repo/')).toEqual(embedHeaders());
    expect(headersFor('/repo/en/a/', '/repo/')).toEqual(expected);
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
