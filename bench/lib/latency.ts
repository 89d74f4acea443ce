/**
 * From what a drag did in the page to latencies: which painted run answered which `input` event,
 * which events were skipped (a newer one superseded them before their run started), and whether the
 * figure kept its contract (latest wins: nothing older paints after something newer; the value the
 * reader let go at is painted). Pure: drag.ts records, this judges, report.ts tabulates.
 *
 *   requests (input, input, …, change)      paints (one per new `lastRun`, in frame order)
 *        0.010  0.013  0.016 … 0.089 (release)     0.010        0.016        …   0.089
 *          │      ╳      │                           ▲            ▲
 *          └──────┼──────┼───────────────────────────┘            │
 *                 └ skipped └──────────────────────────────────────┘
 *
 * A paint answers the request its run was started for: the newest request when the page posted the
 * run to the worker (the Retrainer starts the one request waiting, which is always the newest). The
 * requests between two answered ones were superseded. A paint that answers a request older than the
 * one the previous paint answered went backwards in time, and the drag fails; so does one whose
 * run was started for another value than it shows. (Without the run's stamp, a paint answers the
 * earliest request since the last answered one that asked for its value.)
 */

/** An `input` event (the slider moved) or the `change` that ends the drag (the reader let go). */
export interface DragRequest {
  kind: 'input' | 'change';
  /** The learning rate the slider's position stands for. */
  value: number;
  /** The event's timeStamp (ms since the page's time origin). */
  at: number;
  /** The timeStamp of the pointer event that moved the slider (the pointer as the browser got it); null if none. */
  pointerAt: number | null;
}

/** The lab worker's run behind a paint, stamped in the page as its messages went by. */
export interface RunStamp {
  runId: number;
  quick: boolean;
  /** When the page posted the run to the worker, and when its `done` arrived. */
  postedAt: number;
  doneAt: number | null;
  /** train()'s own wall time in the worker. */
  totalMs: number | null;
  /** Main-thread ms spent in the lab client's message handlers for this run's 20-odd messages. */
  handleMs: number;
}

/** A frame in which the figure's `lastRun` changed to a new run. */
export interface DragPaint {
  value: number;
  status: string;
  /** The frame's rAF timestamp, and the island's rAF callback (the paint's script) start and end. */
  frame: number;
  start: number;
  end: number;
  /** When a user-blocking task posted at the end of that callback ran: after the frame's style, layout and paint. */
  frameEnd: number;
  run: RunStamp | null;
}

export interface Answered {
  /** Index into the requests. */
  request: number;
  paint: number;
  /** frameEnd of the paint − the request's `at`. */
  latency: number;
  /** The same from the pointer event's timestamp (null without one). */
  pointerLatency: number | null;
}

export interface Attribution {
  answered: Answered[];
  /** Input events superseded before their run started (never painted), by request index. */
  skipped: number[];
  problems: string[];
}

const show = (v: number) => String(Number(v.toPrecision(3)));

/** Matches paints to requests (see the diagram above). */
export function attribute(requests: readonly DragRequest[], paints: readonly DragPaint[]): Attribution {
  const answered: Answered[] = [];
  const skipped: number[] = [];
  const problems: string[] = [];
  const since = (i: number) => `asked for at ${show(requests[i]!.at - requests[0]!.at)} ms`;
  let last = -1;
  /** Without a run stamp: the earliest request since the last answered one that asked for the value, else the latest before it that did. */
  const byValue = (paint: DragPaint) => {
    const next = requests.findIndex((r, j) => j > last && r.value === paint.value && r.at <= paint.start);
    return next >= 0 ? next : requests.findLastIndex((r, j) => j <= last && r.value === paint.value);
  };
  paints.forEach((paint, p) => {
    const posted = paint.run?.postedAt;
    // A quick run (a drag's frame) answers an `input`, never the release: the release's `change`
    // and the last `input` come from one pointer event and share its timestamp, which can be earlier
    // than the post of the quick run the `input` started.
    const quick = paint.run?.quick === true;
    const i = posted === undefined ? byValue(paint) : requests.findLastIndex((r) => r.at <= posted && (!quick || r.kind === 'input'));
    const value = show(paint.value);
    if (i < 0) problems.push(`painted ${value}, which the drag never asked for`);
    else if (i <= last) problems.push(`painted ${value} (${since(i)}) after ${show(requests[last]!.value)} (${since(last)}): an older value after a newer one`);
    else if (requests[i]!.value !== paint.value) problems.push(`painted ${value} from a run started when the slider asked for ${show(requests[i]!.value)}`);
    else {
      for (let j = last + 1; j < i; j++) if (requests[j]!.kind === 'input') skipped.push(j);
      const r = requests[i]!;
      answered.push({ request: i, paint: p, latency: paint.frameEnd - r.at, pointerLatency: r.pointerAt === null ? null : paint.frameEnd - r.pointerAt });
      last = i;
    }
  });
  const end = requests.length - 1;
  const final = requests[end];
  if (final && final.kind !== 'change') problems.push('the drag has no change event (the release)');
  else if (final && last < end) {
    // The release asks for the last value again, as a full run: that run must be the last thing painted.
    const lastMove = requests.findLastIndex((r) => r.kind === 'input' && r.value !== final.value);
    const shown = answered.some((a) => a.request > lastMove && requests[a.request]!.value === final.value);
    problems.push(shown ? `the full run of the final value ${show(final.value)} never painted after the release` : `the final value ${show(final.value)} never painted`);
  }
  for (let j = last + 1; j <= end; j++) if (requests[j]!.kind === 'input') skipped.push(j);
  return { answered, skipped, problems };
}

/** Nearest-rank percentile (p in 0..100) of the finite values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
