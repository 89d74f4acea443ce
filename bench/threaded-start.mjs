// How tfjs-backend-wasm's threaded build starts, phase by phase, in Firefox and Chromium (issue 24):
// a bare module worker that starts tfjs's wasm backend as the lab worker does, with the fetch, the
// compile, each pthread worker's creation and load timed from inside. Not part of npm run bench.
//
//   scripts/node.sh node bench/threaded-start.mjs [--engine firefox|chromium] [--runs 8] [--port 4352] [--gap 0] [mode ...]
//
// Modes: `stock` (tfjs as published: 8 pthread workers), `site` (the pool the site's build starts:
// src/build/threaded-wasm-fix.ts), `simd` (the single-threaded SIMD binary). Each run loads the page
// again in the same browser (a fresh lab-like worker; --gap ms on about:blank in between); a start
// that has not ended after 10 s is reported as blocked, with the last phase it reached.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { poolThatPays } from '../src/build/threaded-wasm-fix.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { engine: { type: 'string', default: 'firefox' }, runs: { type: 'string', default: '8' }, port: { type: 'string', default: process.env.BENCH_PORT ?? '4352' }, gap: { type: 'string', default: '0' } },
});
const modes = positionals.length ? positionals : ['stock', 'site', 'simd'];
const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}bench/tmp/threaded-start/`;
mkdirSync(out, { recursive: true });

// The worker: phases stamped from its own start, each posted at once so a blocked start still shows how far it got.
const WORKER = `
const T0 = performance.now();
const mark = (what) => self.postMessage({ mark: [Math.round(performance.now() - T0), what] });
const simdOnly = new URLSearchParams(self.location.search).get('mode') === 'simd';
const platformFetch = self.fetch.bind(self);
self.fetch = async (input, init) => { mark('fetch'); const r = await platformFetch(input, init); mark('fetched'); return r; };
for (const name of ['instantiateStreaming', 'instantiate']) {
  const real = WebAssembly[name].bind(WebAssembly);
  WebAssembly[name] = async (...args) => { mark('compile'); const r = await real(...args); mark('compiled'); return r; };
}
const RealWorker = self.Worker;
self.Worker = class extends RealWorker {
  constructor(...args) {
    mark('pthread new');
    super(...args);
    mark('pthread created');
    this.addEventListener('message', (e) => { if (e.data && e.data.cmd === 'loaded') mark('pthread loaded'); });
  }
};
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
const base = new URL('./', self.location.href).href;
setWasmPaths(Object.fromEntries(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((n) => [n, base + n])));
const env = tf.env();
const threads = (await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) && !simdOnly;
env.set('WASM_HAS_MULTITHREAD_SUPPORT', threads);
await tf.setBackend('wasm');
mark('ready ' + (threads ? getThreadsCount() : 0) + ' thread(s), hardwareConcurrency ' + navigator.hardwareConcurrency);
for (let i = 0; i < 20; i++) tf.tidy(() => tf.sum(tf.matMul(tf.ones([100, 32]), tf.ones([32, 32]))).dataSync());
mark('20 matMuls');
self.postMessage({ done: true });
`;
const PAGE = `<!doctype html><meta charset="utf-8"><title>threaded start</title><script type="module">
const mode = new URLSearchParams(location.search).get('mode');
const w = new Worker('./' + (mode === 'stock' ? 'stock' : 'site') + '.js' + location.search, { type: 'module' });
window.marks = [];
window.result = new Promise((resolve) => { w.onmessage = (e) => (e.data.done ? resolve(window.marks) : window.marks.push(e.data.mark)); });
</script>`;
writeFileSync(`${out}worker.js`, WORKER);
writeFileSync(`${out}index.html`, PAGE);
const wasm = `${root}node_modules/@tensorflow/tfjs-backend-wasm/dist/`;
for (const pool of ['stock', 'site']) {
  await build({
    entryPoints: [`${out}worker.js`], bundle: true, format: 'esm', outfile: `${out}${pool}.js`, absWorkingDir: root, logLevel: 'warning',
    external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto'],
    plugins: [{
      name: 'pool',
      setup(b) {
        b.onLoad({ filter: /tfjs-backend-wasm-threaded-simd\.js$/ }, (a) => {
          const code = readFileSync(a.path, 'utf8');
          return { contents: pool === 'site' ? poolThatPays(code) : code, loader: 'js' };
        });
      },
    }],
  });
}

const TYPES = { html: 'text/html', js: 'text/javascript', wasm: 'application/wasm' };
const server = createServer((req, res) => {
  const name = new URL(req.url, 'http://localhost').pathname.slice(1) || 'index.html';
  try {
    const body = readFileSync(name.endsWith('.wasm') ? wasm + name : out + name);
    res.writeHead(200, { 'content-type': TYPES[name.split('.').pop()], 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}).listen(Number(values.port), 'localhost');

const engine = values.engine;
const browser = engine === 'firefox'
  ? await puppeteer.launch({ browser: 'firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true })
  : await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const page = (await browser.pages())[0] ?? (await browser.newPage());
console.log(`${engine} ${await browser.version()}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
const at = (marks, what, last = false) => (last ? marks.findLast : marks.find).call(marks, ([, w]) => w.startsWith(what))?.[0] ?? '–';
for (const mode of modes) {
  const starts = [];
  for (let run = 0; run < Number(values.runs); run++) {
    if (Number(values.gap)) {
      await page.goto('about:blank');
      await new Promise((r) => setTimeout(r, Number(values.gap)));
    }
    await page.goto(`http://localhost:${values.port}/?mode=${mode}`, { waitUntil: 'load' });
    const marks = await Promise.race([page.evaluate(() => window.result), new Promise((r) => setTimeout(() => r(null), 10_000))]);
    if (!marks) {
      const so_far = await page.evaluate(() => window.marks);
      const pthreads = so_far.filter(([, w]) => w === 'pthread created').length;
      console.log(`${mode} #${run}: BLOCKED for 10 s after '${so_far.at(-1)?.[1]}' (${pthreads} pthread workers created)`);
      continue;
    }
    const pthreads = marks.filter(([, w]) => w === 'pthread created').length;
    const ready = at(marks, 'ready');
    starts.push(ready);
    console.log(`${mode} #${run}: ${pthreads} pthreads created by ${at(marks, 'pthread created', true)} ms, fetch ${at(marks, 'fetch')}→${at(marks, 'fetched')}, compile →${at(marks, 'compiled')}, last pthread loaded ${at(marks, 'pthread loaded', true)}, ready ${ready} ms (${marks.find(([, w]) => w.startsWith('ready'))[1].slice(6)}), 20 matMuls ${at(marks, '20 matMuls')}`);
  }
  const sorted = starts.sort((a, b) => a - b);
  console.log(`${mode}: ${starts.length} of ${values.runs} started; ready in ${sorted[0] ?? '–'}–${sorted.at(-1) ?? '–'} ms, median ${sorted[Math.floor(sorted.length / 2)] ?? '–'}`);
}
await browser.close();
server.close();
