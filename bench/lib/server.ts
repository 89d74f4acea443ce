/**
 * The production build and `astro preview` for the bench: the same commands the README gives,
 * run with the Node that runs this harness (scripts/node.sh put a new enough one first on PATH).
 * The preview server is the harness's child, in its own process group, and is always stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const ASTRO = path.join('node_modules', 'astro', 'bin', 'astro.mjs');

/** Runs `astro build`, its output going to `logFile`; resolves with the wall time in ms. */
export function build(root: string, logFile: string): Promise<number> {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO, 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`astro build failed (exit ${code}); see ${logFile}`))));
  });
}

async function responds(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await r.body?.cancel();
    return r.ok;
  } catch {
    return false;
  }
}

export interface Preview {
  origin: string;
  stop(): Promise<void>;
}

/**
 * Starts `astro preview` on localhost:`port` and waits until it answers. Vite's preview server moves
 * to the next free port when `port` is taken (another agent's server, say), so the origin is the
 * one the server announces, never assumed: the harness cannot end up measuring someone else's site.
 */
export async function preview(root: string, port: number, logFile: string): Promise<Preview> {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, [ASTRO, 'preview', '--port', String(port), '--host', 'localhost'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stopping it stops everything it started
  });
  const server = { output: '', origin: null as string | null };
  child.stdout?.on('data', (chunk: Buffer) => {
    server.output += chunk.toString('utf8');
    server.origin ??= /http:\/\/localhost:\d+/.exec(server.output.replace(/\x1b\[[0-9;]*m/g, ''))?.[0] ?? null;
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const until = Date.now() + 60_000;
  let origin: string | null = null;
  while (!(origin = server.origin) || !(await responds(`${origin}/en/`))) {
    if (child.exitCode !== null) throw new Error(`astro preview exited (${child.exitCode}); see ${logFile}`);
    if (Date.now() > until) {
      await stop();
      throw new Error(`astro preview did not answer within 60 s (asked for port ${port}); see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, stop };
}
