/**
 * A parameter problem (src/lab/settings/params.ts) said in the page's language; the same words in the
 * playground and in the figures. What the reader typed, and identifiers such as preset names, are
 * not words of any language: they come back as code (`{ code }` parts), everything else as text.
 */
import { t, type Locale, type UiKey } from '@/i18n/ui';
import { PARAMS, type Expected, type Param, type ParamKey, type Problem } from '@/lab/settings/params';
import { optionLabel } from './knob-text';

/** A message: plain text, and code for what was typed or is an identifier. */
export type Part = string | { code: string };

/** The table's row for a key from a URL or a field (which may name no setting at all). */
function row(key: string): Param | undefined {
  return (PARAMS as readonly Param[]).find((p) => p.key === key);
}

/** Choices whose options have names in the page's language (the others, presets and 0/1, are identifiers). */
function isChoice(key: string): key is ParamKey {
  return row(key)?.kind === 'enum';
}

/** The setting's name as the controls show it; an unknown key is shown as typed (code). */
function name(locale: Locale, key: string): Part {
  const p = row(key);
  return p ? t(locale, p.label as UiKey) : { code: key };
}

/** `t()` with some parameters as parts: the template is split around them. */
function fill(locale: Locale, key: UiKey, params: Record<string, Part | Part[] | number>): Part[] {
  const out: Part[] = [];
  const template = t(locale, key, Object.fromEntries(Object.keys(params).map((k) => [k, `\u0000${k}\u0000`])));
  template.split('\u0000').forEach((piece, i) => {
    if (i % 2 === 0) {
      if (piece) out.push(piece);
      return;
    }
    const value = params[piece]!;
    for (const part of Array.isArray(value) ? value : [value]) out.push(typeof part === 'number' ? String(part) : part);
  });
  return out;
}

function expected(locale: Locale, key: string, e: Expected): Part[] {
  switch (e.kind) {
    case 'wholeNumber':
    case 'number':
    case 'query':
    case 'experiment':
      return [t(locale, `expected_${e.kind}`)];
    case 'oneOf': {
      const options: Part[] = [];
      e.options.forEach((o, i) => {
        if (i > 0) options.push(t(locale, 'listSeparator'));
        options.push(isChoice(key) ? optionLabel(locale, key, o) : { code: o });
      });
      return fill(locale, 'expected_oneOf', { options });
    }
    default: {
      const never: never = e;
      throw new Error(`unknown expectation ${JSON.stringify(never)}`);
    }
  }
}

export function problemParts(locale: Locale, p: Problem): Part[] {
  switch (p.kind) {
    case 'unknown':
      return fill(locale, 'problemUnknown', { key: { code: p.key } });
    case 'range':
      return fill(locale, 'problemRange', { key: name(locale, p.key), raw: { code: p.raw }, min: p.min, max: p.max });
    case 'order':
      return [t(locale, 'problemOrder')];
    case 'invalid':
      return fill(locale, 'problemInvalid', { key: name(locale, p.key), raw: { code: p.raw }, expected: expected(locale, p.key, p.expected) });
    default: {
      const never: never = p;
      throw new Error(`unknown problem ${JSON.stringify(never)}`);
    }
  }
}

/** The message as DOM nodes (text nodes and <code>; never markup from the URL). */
export function problemNodes(locale: Locale, p: Problem): Node[] {
  return problemParts(locale, p).map((part) => {
    if (typeof part === 'string') return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part.code;
    return code;
  });
}
