// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { threadedWasmFix } from './src/build/threaded-wasm-fix.ts';
import { securityHeaders } from './src/build/headers.ts';

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
    sitemap({ i18n: { defaultLocale: 'zh-tw', locales: { 'zh-tw': 'zh-TW', en: 'en' } } }),
  ],
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }),
  },
  // Cross-origin isolation (threaded wasm) and the security policy, on every response of dev and preview.
  server: { headers: securityHeaders() },
  vite: {
    plugins: [threadedWasmFix()],
    worker: {
      format: 'es',
      plugins: () => [threadedWasmFix()],
      // tfjs carries a licence comment per file; the licences ship in node_modules, not in every chunk.
      rolldownOptions: { output: { ...assetNames, comments: { legal: false } } },
    },
  },
});
