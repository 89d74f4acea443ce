/** A parameter problem (src/lab/params.ts) said in the page's language; the same words in the playground and in the figures. */
import { t, type Locale, type UiKey } from '@/i18n/ui';
import { PARAMS, type Expected, type Param, type ParamKey, type Problem } from '@/lab/params';
import { optionLabel } from './knob-text';

function expectedText(locale: Locale, key: string, expected: Expected): string {
  switch (expected.kind) {
    case 'wholeNumber':
    case 'number':
    case 'query':
    case 'experiment':
      return t(locale, `expected_${expected.kind}`);
    case 'oneOf': {
      const options = expected.options.map((o) => (isChoice(key) ? optionLabel(locale, key, o) : o));
      return t(locale, 'expected_oneOf', { options: options.join(t(locale, 'listSeparator')) });
    }
    default: {
      const never: never = expected;
      throw new Error(`unknown expectation ${JSON.stringify(never)}`);
    }
  }
}

/** The table's row for a key from a URL or a field (which may name no setting at all). */
function row(key: string): Param | undefined {
  return (PARAMS as readonly Param[]).find((p) => p.key === key);
}

/** Choices whose options have names in the page's language (the others, presets and 0/1, are shown as typed). */
function isChoice(key: string): key is ParamKey {
  return row(key)?.kind === 'enum';
}

/** The setting's name as the controls show it (the raw key for anything else). */
function name(locale: Locale, key: string): string {
  const p = row(key);
  return p ? t(locale, p.label as UiKey) : key;
}

export function problemText(locale: Locale, p: Problem): string {
  switch (p.kind) {
    case 'unknown':
      return t(locale, 'problemUnknown', { key: p.key });
    case 'range':
      return t(locale, 'problemRange', { key: name(locale, p.key), raw: p.raw, min: p.min, max: p.max });
    case 'order':
      return t(locale, 'problemOrder');
    case 'invalid':
      return t(locale, 'problemInvalid', { key: name(locale, p.key), raw: p.raw, expected: expectedText(locale, p.key, p.expected) });
    default: {
      const never: never = p;
      throw new Error(`unknown problem ${JSON.stringify(never)}`);
    }
  }
}
