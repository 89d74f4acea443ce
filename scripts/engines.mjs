// The engine suite as npm test runs it (after the Chromium suite): Firefox and WebKit where their
// browsers are installed, each missing one a printed skip with the reason and the Debian package that
// brings it, never a silent pass. An engine that is present and fails fails npm test. At the end, a
// summary: which engines ran, the browser version and the backend each trained on, which were skipped.
//
//   scripts/node.sh node scripts/engines.mjs [playwright args]
//   ENGINES=firefox (or webkit, or none) picks engines; ENGINES_PORT moves the preview server.
//
// Needs the production build (dist/), as the Chromium suite does.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NAMES, missing, selected } from '../e2e-engines/drivers.ts';

const asked = selected();
const skipped = ENGINE_NAMES.filter((e) => !asked.includes(e)).map((engine) => ({ engine, why: `not asked for (ENGINES=${process.env.ENGINES})` }));
const present = [];
for (const engine of asked) {
  const why = missing(engine);
  if (why) skipped.push({ engine, why });
  else present.push(engine);
}

const say = (line) => console.log(`engines: ${line}`);
say(`Firefox and WebKit smoke suite (e2e-engines/); present: ${present.join(', ') || 'none'}`);
for (const { engine, why } of skipped) say(`SKIPPED ${engine}: ${why}`);
if (present.length === 0) {
  say('no engine ran');
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
const started = Date.now();
const lines = [];
const code = await new Promise((resolve) => {
  const child = spawn(`${bin}/playwright`, ['test', '-c', 'playwright.engines.config.ts', ...process.argv.slice(2)], {
    cwd: root,
    // Its web server runs scripts/node.sh astro: the local bin first, as under npm run.
    env: { ...process.env, ENGINES: present.join(','), PATH: `${bin}${delimiter}${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let rest = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.on('close', (status, signal) => {
    if (rest) lines.push(rest);
    resolve(status ?? (signal ? 1 : 0));
  });
});
const seconds = Math.round((Date.now() - started) / 1000);

// What the suite printed: `<engine>: <browser version>, started in …` and `<engine> · <where> · <what> · backend: <badge>; …`.
console.log('');
say(`summary (${seconds} s, ${code === 0 ? 'passed' : `FAILED, exit ${code}`})`);
for (const engine of present) {
  const version = lines.map((l) => l.match(new RegExp(`^${engine}: (.+), started in`))?.[1]).find(Boolean) ?? 'did not start';
  const backends = new Map();
  for (const l of lines) {
    const m = l.match(new RegExp(`^${engine} · (.+?) · backend: ([^;]+)`));
    if (m) backends.set(m[2], [...(backends.get(m[2]) ?? []), m[1]]);
  }
  const used = [...backends].map(([badge, where]) => `${badge} (${where.length} run${where.length === 1 ? '' : 's'})`).join(', ') || 'none reported';
  say(`ran ${engine}: ${version}; backend: ${used}`);
}
for (const { engine, why } of skipped) say(`skipped ${engine}: ${why}`);
process.exit(code);
