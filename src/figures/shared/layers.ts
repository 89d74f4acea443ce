/** Shared by the server markup and the live views: how layers are named, and the tripwire sentence. */
import { t, type Locale } from '@/i18n/ui';
import { quoteNumber } from '@/lab/reading/summary';
import { backendLabel, type BackendInfo, type TripReport } from '@/lab/engine/trace';

export function layerLabel(locale: Locale, layer: number, count: number): string {
  if (layer === 0) return t(locale, 'layerFirst', { layer });
  if (layer === count - 1) return t(locale, 'layerOutput', { layer });
  return t(locale, 'layerName', { layer });
}

/** "NaN tripwire: the loss went from 3.9e20 to NaN at epoch 2, step 1. The last finite kernel-gradient norm of layer 0 was 1.2e19." */
export function tripSentence(locale: Locale, trip: TripReport): string {
  const common = { epoch: trip.epoch, step: trip.step };
  const value = trip.quantity === 'loss' ? quoteNumber(trip.loss) : 'NaN/∞';
  const first =
    trip.quantity === 'loss'
      ? t(locale, 'tripLoss', { ...common, last: quoteNumber(trip.lastLoss ?? undefined), value })
      : t(locale, trip.quantity === 'gradient' ? 'tripGradient' : 'tripWeight', { ...common, layer: trip.layer ?? 0, param: paramName(locale, trip.param), value });
  const norms = trip.lastKernelGradNorms;
  let grad = '';
  if (norms && norms.length) {
    const layer = trip.layer ?? norms.reduce((best, v, i) => (Number.isFinite(v) && v > (norms[best] ?? -1) ? i : best), 0);
    grad = ` ${t(locale, 'tripLastGrad', { layer, norm: quoteNumber(norms[layer]) })}`;
  }
  return `${first}${grad}${trip.stopped ? ` ${t(locale, 'tripStopped')}` : ''}`;
}

/** The backend badge in the page's language ("WASM · SIMD · 1 個執行緒"). */
export function backendBadge(locale: Locale, info: BackendInfo): string {
  return backendLabel(info, (n) => (n === 1 ? t(locale, 'unitThread') : t(locale, 'unitThreads', { n })));
}

/** "kernel", "bias", … as the page's language names a layer's parameters. */
export function paramName(locale: Locale, param: TripReport['param']): string {
  return param ? t(locale, `param_${param}`) : '';
}
