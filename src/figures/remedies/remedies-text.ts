/**
 * The "what to do" figure's words and axis, shared by its component, its pictures and its tests.
 */
import { t, type Locale, type UiKey } from '@/i18n/ui';
import type { Arm, Remedy } from '@/lab/recurrent/remedies';

/** The loss axis: linear from 0 to 0.3, so the baseline 0.167 sits a little above the middle. */
export const REMEDY_Y: [number, number] = [0, 0.3];

const TITLE: Record<Remedy, UiKey> = {
  clipping: 'rmClipping',
  gating: 'rmGating',
  'forget-bias': 'rmForgetBias',
  identity: 'rmIdentity',
};

const ARM_LABEL: Record<Arm, UiKey> = {
  rnnNoClip: 'rmArmRnnNoClip',
  rnn: 'rmArmRnn',
  lstm: 'rmArmLstm',
  lstmForget0: 'rmArmLstmForget0',
  irnn: 'rmArmIrnn',
  irnnNoClip: 'rmArmIrnnNoClip',
};

const SHORT: Record<Remedy, UiKey> = {
  clipping: 'rmClippingShort',
  gating: 'rmGatingShort',
  'forget-bias': 'rmForgetBiasShort',
  identity: 'rmIdentityShort',
};

/** The picker's one- or two-word name of a remedy. */
export const pairShort = (locale: Locale, remedy: Remedy) => t(locale, SHORT[remedy]);
export const pairTitle = (locale: Locale, remedy: Remedy) => t(locale, TITLE[remedy]);
export const armLabel = (locale: Locale, arm: Arm) => t(locale, ARM_LABEL[arm]);
