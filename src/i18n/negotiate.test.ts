import { describe, expect, it } from 'vitest';
import { preferredLocale } from './negotiate';

describe('preferredLocale', () => {
  it('sends English-first readers to English', () => {
    expect(preferredLocale(['en-GB', 'zh-TW'])).toBe('en');
  });
  it('sends any Chinese-first reader to zh-TW', () => {
    expect(preferredLocale(['zh-HK', 'en'])).toBe('zh-tw');
    expect(preferredLocale(['zh-CN'])).toBe('zh-tw');
  });
  it('falls back to zh-TW for other languages', () => {
    expect(preferredLocale(['fr-FR', 'de'])).toBe('zh-tw');
    expect(preferredLocale([])).toBe('zh-tw');
  });
});
