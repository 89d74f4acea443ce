/**
 * How every island gets the page's lab worker: claim it, show its backend on the island's badge,
 * and on failure drop the client so that the next try starts a fresh worker (the caller shows the
 * error in its own way).
 */
import type { Locale } from '@/i18n/ui';
import { labClient, resetLabClient, type Claim } from '@/worker/client';
import { backendBadge } from './layers';

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
 * Stop in a figure that re-trains: the value waiting for its turn is dropped, and the run in flight
 * ends as the worker ends it ('cancelled', painted as such); nothing after it starts.
 */
export function stopTraining(scheduler: { dropPending(): void }): void {
  scheduler.dropPending();
  labClient().cancel();
}

/** An error as an island's status line says it: "Error: <message>". */
export const errorText = (stateError: string, e: unknown): string => `${stateError}: ${e instanceof Error ? e.message : String(e)}`;
