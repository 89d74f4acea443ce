// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { threadedWasmFix } from './src/build/threaded-wasm-fix.ts';
import { figureNumbers } from './src/build/figure-numbers.ts';
import { tableScroll } from './src/build/table-scroll.ts';
import { devServerHeaders, securityHeaders } from './src/build/headers.ts';

// Worker chunks and their assets get the same names as the main build's, so each .wasm is emitted once.
const assetNames = { assetFileNames: '_astro/[name].[hash][extname]', chunkFileNames: '_astro/[name].[hash].js' };

export default defineConfig({
  site: process.env.SITE_URL ?? 'https://gradients.example.org',
  trailingSlash: 'always',
  i18n: {
    defaultLocale: 'zh-tw',
    locales: ['zh-tw', 'en'],
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  integrations: [
    mdx(),
    // /bench/ is the benchmark harness's page (bench/README.md), not for readers.
    sitemap({ filter: (page) => !new URL(page).pathname.startsWith('/bench/'), i18n: { defaultLocale: 'zh-tw', locales: { 'zh-tw': 'zh-TW', en: 'en' } } }),
  ],
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath, figureNumbers], rehypePlugins: [rehypeKatex, tableScroll] }),
  },
  // Cross-origin isolation (threaded wasm) and the security policy on every response of preview;
  // dev leaves out the CSP, which refuses Vite's injected hot-reload styles (src/build/headers.ts).
  server: ({ command }) => ({ headers: command === 'dev' ? devServerHeaders() : securityHeaders() }),
  // No inline <style> blocks, so the CSP can allow stylesheets from our origin only.
  build: { inlineStylesheets: 'never' },
  vite: {
    plugins: [threadedWasmFix()],
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
