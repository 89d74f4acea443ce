/**
 * How every island gets the page's lab worker: claim it, show its backend on the island's badge,
 * and on failure drop the client so that the next try starts a fresh worker (the caller shows the
 * error in its own way).
 */
import type { Locale } from '@/i18n/ui';
import { errorTrace, type RunTrace, type TrainEvent } from '@/lab/engine/trace';
import { labClient, resetLabClient, type Claim } from '@/worker/client';
import { backendBadge } from './layers';
import type { Job } from './retrain';
import type { Shell } from './shell';

export async function claimLab(host: ParentNode, locale: Locale): Promise<Claim> {
  let lab: Claim;
  try {
    lab = await labClient().claim();
  } catch (e) {
    resetLabClient();
    throw e;
  }
  const badge = host.querySelector('[data-badge]');
  if (badge) badge.textContent = backendBadge(locale, lab.backend);
  return lab;
}

/**
 * How a figure's training run starts, written once: the figure says "loading" (unless it is already
 * training: a drag's frames), claims the worker (its backend on the badge), says "training", and
 * runs the job's settings, a quick run for a drag's frame. `claimed` lets a figure show what the
 * claim found (a fallback notice); `run` replaces the one run by the figure's own (a fix trains two).
 * A claim that fails ends as an error trace, which the scheduler paints like any other run.
 */
export function trainOnLab<J extends Job>(
  shell: Shell,
  options: { claimed?(lab: Claim): void; run?(lab: Claim, job: J, onEvent: (event: TrainEvent) => void): Promise<RunTrace> } = {},
): (job: J, onEvent: (event: TrainEvent) => void) => Promise<RunTrace> {
  return async (job, onEvent) => {
    const quiet = job.final ? undefined : null; // a drag's frames leave the status line alone
    if (shell.state !== 'training') shell.setState('loading', quiet);
    let lab: Claim;
    try {
      lab = await claimLab(shell.host, shell.locale);
    } catch (e) {
      return errorTrace(job.config, e instanceof Error ? e.message : String(e));
    }
    options.claimed?.(lab);
    shell.setState('training', quiet);
    return options.run ? options.run(lab, job, onEvent) : lab.run(job.config, onEvent, { quick: !job.final });
  };
}

/**
 * Stop in a figure that re-trains: the value waiting for its turn is dropped, and the run in flight
 * ends as the worker ends it ('cancelled', painted as such); nothing after it starts.
 */
export function stopTraining(scheduler: { dropPending(): void }): void {
  scheduler.dropPending();
  labClient().cancel();
}

/** An error as an island's status line says it: "Error: <message>". */
export const errorText = (stateError: string, e: unknown): string => `${stateError}: ${e instanceof Error ? e.message : String(e)}`;
