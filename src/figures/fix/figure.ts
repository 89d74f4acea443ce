/** A fix beside its baseline (FixCompare.astro): what the site needs to know of it (shared/descriptor.ts). */
import { FIXES, type FixId } from '../../lab/engine/config.ts';
import type { Attributes, FigureDescriptor } from '../shared/descriptor';

// Stryker disable next-line StringLiteral: any string that is not a fix reads the same as ''
const isFix = (v: string | undefined): v is FixId => Object.hasOwn(FIXES, v ?? '');

export const fix = {
  tag: 'FixCompare',
  anchor: (a: Attributes) => `fig-fix-${a['fix']}`,
  embed: { of: (a: Attributes) => (isFix(a['fix']) ? { id: `fix-${a['fix']}`, props: { fix: a['fix'] } } : null), height: 740 },
} as const satisfies FigureDescriptor;
