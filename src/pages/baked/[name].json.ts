/**
 * Each figure's baked run as a static JSON file (/baked/exp1.json, /baked/fix-adam.json): what the
 * figure's live half needs to draw the article's run behind the reader's, restore it on Reset and
 * compare with it. The page's HTML carries only what a reader without JavaScript sees (the console,
 * tables and numbers rendered from the same run); the live half fetches this when it loads.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { EXPERIMENT_IDS, FIX_IDS, FIXES, preset, withFix, type ExperimentId, type FixId } from '@/lab/engine/config';
import { stringifyTrace } from '@/lab/engine/trace';
import { bakedRun, bakedTrace, slimTrace } from '@/build/bake';

export const getStaticPaths = (() => [
  ...EXPERIMENT_IDS.map((id) => ({ params: { name: id } })),
  ...FIX_IDS.map((fix) => ({ params: { name: `fix-${fix}` } })),
]) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const name = params['name'] ?? '';
  let body: string;
  if (name.startsWith('fix-')) {
    const fix = name.slice(4) as FixId;
    const spec: { base: ExperimentId } = FIXES[fix];
    const before = slimTrace(await bakedRun(preset(spec.base)));
    const after = slimTrace(await bakedRun(withFix(fix)));
    body = `{"before":${stringifyTrace(before)},"after":${stringifyTrace(after)}}`;
  } else {
    body = stringifyTrace(await bakedTrace(name as ExperimentId));
  }
  return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
