/**
 * The machine a run measured on, and how busy the rest of it was meanwhile: on a shared 2-core
 * machine, a figure taken while another job ran is noise, so every run records how much CPU
 * processes outside this harness's own tree used during the measurements.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** CPU time in clock ticks: all cores' busy time, and this process tree's (children that exited included). */
export interface CpuSample {
  at: number;
  busy: number;
  steal: number;
  ours: number;
}

function readOr(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Linux only (/proc); elsewhere every figure is 0 and `othersShare` says null. */
export function cpuSample(): CpuSample {
  const stat = readOr('/proc/stat');
  const cpuLine = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal guest guest_nice: busy is user to softirq but idle
  // and iowait (guest time is already inside user); steal is time the hypervisor gave to other VMs.
  const busy = [0, 1, 2, 5, 6].reduce((s, i) => s + (cpuLine[i] ?? 0), 0);
  const steal = cpuLine[7] ?? 0;
  const procs = new Map<number, { ppid: number; ticks: number }>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    // not Linux
  }
  for (const pid of entries) {
    const text = readOr(`/proc/${pid}/stat`);
    if (!text) continue;
    // Fields after the ")" that closes the command name: state ppid … utime(14) stime cutime cstime.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    procs.set(Number(pid), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let ours = 0;
  for (const [pid, p] of procs) if (inTree(pid)) ours += p.ticks;
  return { at: performance.now(), busy, steal, ours };
}

/**
 * Shares of the machine's CPU (0..1 of all cores) between two samples: used by processes outside
 * this harness's tree, and taken by the hypervisor (steal). Null off Linux.
 */
export function othersShare(from: CpuSample, to: CpuSample): { others: number; steal: number } | null {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const capacity = ((to.at - from.at) / 1000) * ticksPerSecond * os.cpus().length;
  if (!(capacity > 0) || to.busy === 0) return null;
  return { others: Math.max(0, (to.busy - from.busy - (to.ours - from.ours)) / capacity), steal: (to.steal - from.steal) / capacity };
}

export const loadAverage = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** Waits until the 1-minute load average is under `max` (or `timeoutMs` passes); returns whether it got there. */
export async function waitForQuiet(max: number, timeoutMs: number, log: (s: string) => void): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  let said = false;
  while (os.loadavg()[0]! >= max) {
    if (Date.now() > until) return false;
    if (!said) log(`waiting for the 1-minute load average (${os.loadavg()[0]!.toFixed(2)}) to fall under ${max}…`);
    said = true;
    await new Promise((r) => setTimeout(r, 5000));
  }
  return true;
}
