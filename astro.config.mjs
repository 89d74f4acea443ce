// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { threadedWasmFix } from './src/build/threaded-wasm-fix.ts';
import { figureNumbers } from './src/build/figure-numbers.ts';
import { ANCHORS } from './src/figures/registry.ts';
import { tableScroll } from './src/build/table-scroll.ts';
import { devServerHeaders, headersFor } from './src/build/headers.ts';

// Worker chunks and their assets get the same names as the main build's, so each .wasm is emitted once.
const assetNames = { assetFileNames: '_astro/[name].[hash][extname]', chunkFileNames: '_astro/[name].[hash].js' };

// Where the site is served: SITE_URL is its origin, BASE_PATH the sub-path under it ('/' at a domain's
// root, '/<repo>/' for a GitHub Pages project site); README, "Deploying". DIST_DIR builds elsewhere than dist/.
const base = `/${process.env.BASE_PATH ?? ''}/`.replace(/\/+/g, '/');

export default defineConfig({
  site: process.env.SITE_URL ?? 'https://gradients.example.org',
  base,
  outDir: process.env.DIST_DIR || './dist',
  trailingSlash: 'always',
  i18n: {
    defaultLocale: 'zh-tw',
    locales: ['zh-tw', 'en'],
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  integrations: [
    mdx(),
    // /bench/ is the benchmark harness's page (bench/README.md), not for readers; /embed/ repeats the articles' figures for other sites' frames.
    sitemap({ filter: (page) => !/^\/(bench|embed)\//.test(new URL(page).pathname.slice(base.length - 1)), i18n: { defaultLocale: 'zh-tw', locales: { 'zh-tw': 'zh-TW', en: 'en' } } }),
  ],
  markdown: {
    // MathML only (issue 23): KaTeX's default output is each formula twice, as ~30 nested spans of HTML
    // for the eye and as MathML for screen readers; MathML Core renders in current Chromium, Firefox
    // and Safari, so the HTML copy (and KaTeX's stylesheet and fonts) only cost style and layout.
    processor: unified({ remarkPlugins: [remarkMath, [figureNumbers, ANCHORS]], rehypePlugins: [[rehypeKatex, { output: 'mathml' }], tableScroll] }),
  },
  // Cross-origin isolation (threaded wasm) and the security policy on every response of dev; dev
  // leaves out the CSP, which refuses Vite's injected hot-reload styles (src/build/headers.ts).
  // Preview sends each path its own set (below), so it sends none here.
  server: ({ command }) => ({ headers: command === 'dev' ? devServerHeaders() : {} }),
  // No inline <style> blocks, so the CSP can allow stylesheets from our origin only.
  build: { inlineStylesheets: 'never' },
  vite: {
    plugins: [threadedWasmFix()],
    // `astro preview` sends the headers a host would, per path (the embed pages may be framed). Vite's
    // preview has one header set for every path and Astro passes it no plugins from this file, so the
    // per-request hook is a proxy's `bypass`, which matches every path here, proxies nothing (it
    // returns the URL unchanged, so the request goes on to the static files) and sets the headers first.
    preview: {
      proxy: {
        '^/': {
          bypass(req, res) {
            for (const [name, value] of Object.entries(headersFor(new URL(req.url ?? '/', 'http://x').pathname, base))) res?.setHeader(name, value);
            return req.url;
          },
        },
      },
    },
    // No data: URLs (Vite inlines files under 4 KB, one KaTeX font among them): the CSP allows fonts from our origin only.
    build: {
      assetsInlineLimit: 0,
      rolldownOptions: {
        // Astro marks MDX modules with a "use astro:head-inject" directive that Rolldown warns about on
        // every build (withastro/astro#18087, harmless: Astro reads the marker before bundling). Only
        // that warning is dropped; every other one still prints.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
    worker: {
      format: 'es',
      plugins: () => [threadedWasmFix()],
      // tfjs carries a licence comment per file; the licences ship in node_modules, not in every chunk.
      rolldownOptions: { output: { ...assetNames, comments: { legal: false } } },
    },
  },
});
