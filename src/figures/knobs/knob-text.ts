/** How a setting's values read in the page's language: option names and slider value texts. */
import { t, type Locale, type UiKey } from '@/i18n/ui';
import type { ParamKey } from '@/lab/settings/params';

/** "none (linear)" / 「無（線性）」 for `linear`; every option of every choice has a UI string `o_<key>_<option>`. */
export function optionLabel(locale: Locale, key: ParamKey, option: string): string {
  return t(locale, `o_${key}_${option}` as UiKey);
}

/** What a screen reader says for a slider's position: the number, with its unit where it has one. */
export function valueText(locale: Locale, key: ParamKey, value: number): string {
  if (key === 'epochs') return t(locale, 'unitEpochs', { n: value });
  if (key === 'depth') return t(locale, 'unitLayers', { n: value });
  return String(value);
}

/**
 * "learning rate 0.05, seed 7": the settings in `values` that differ from `reference`, named as the
 * controls name them (the prose's lead-in and the edge message use this).
 */
export function describeSettings(locale: Locale, values: Partial<Record<ParamKey, number | string | boolean>>, reference: Partial<Record<ParamKey, number | string | boolean>>): string {
  return (Object.keys(values) as ParamKey[])
    .filter((k) => values[k] !== reference[k])
    .map((k) => {
      const v = values[k]!;
      const shown = typeof v === 'string' ? optionLabel(locale, k, v) : String(v);
      return t(locale, 'settingIs', { name: inSentence(locale, t(locale, `p_${k}` as UiKey)), value: shown });
    })
    .join(t(locale, 'listSeparator'));
}

/** A control's label inside a sentence: English labels are capitalised ("Learning rate"), names in a sentence are not. */
export function inSentence(locale: Locale, label: string): string {
  return locale === 'en' && /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}
