/** Chart colours come from the page's CSS custom properties, so light and dark themes both apply. */
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  accent: string;
  accent2: string;
  danger: string;
  ok: string;
  violet: string;
  teal: string;
  pink: string;
}

export function chartTheme(el: Element): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1a1a1a'),
    muted: v('--muted', '#5c5c5c'),
    grid: v('--grid', 'rgba(0,0,0,0.08)'),
    accent: v('--accent', '#0b63c4'),
    accent2: v('--accent-2', '#c2410c'),
    danger: v('--danger', '#b91c1c'),
    ok: v('--ok', '#1e6b34'),
    violet: v('--violet', '#6d28d9'),
    teal: v('--teal', '#0f766e'),
    pink: v('--pink', '#be185d'),
  };
}

/**
 * A theme colour at `alpha` opacity, for faint reference lines. Canvas strokes take any CSS colour,
 * but not every browser a reader has takes color-mix() there, so hex colours become rgba().
 */
export function fade(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? hex.replace(/./g, (c) => c + c) : hex;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
