import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deltaE, hexToLab, linearToLab, parseHex, toLinear, type Lab, type Rgb } from './colour';
import { ACTIVATION_STYLE, cellColour, explodedColour, INK, MAP_COLOURS, SCHEMES, type Scheme } from './palette';

/**
 * Colour-vision deficiencies as Machado, Oliveira & Fernandes (2009) simulate them at full severity,
 * on linear RGB: protanopia, deuteranopia, tritanopia (and normal vision).
 */
const VISION: Record<string, number[][]> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};

function seen(hex: string, vision: number[][]): Lab {
  const rgb = parseHex(hex).map(toLinear);
  return linearToLab(vision.map((row) => Math.min(1, Math.max(0, row[0]! * rgb[0]! + row[1]! * rgb[1]! + row[2]! * rgb[2]!))) as Rgb);
}

/** Clearly different at a glance; 2.3 is just noticeable. */
const APART = 15;

describe('the explosion map\'s colours', () => {
  for (const scheme of SCHEMES) {
    const c = MAP_COLOURS[scheme];
    const kinds: Record<string, string> = {
      learned: c.learned,
      stalled: c.stalled,
      'exploded at epoch 1': explodedColour(scheme, 1, 20),
      'exploded at epoch 20': explodedColour(scheme, 20, 20),
      'not computed (the background)': INK[scheme].bg,
    };
    for (const [vision, matrix] of Object.entries(VISION)) {
      it(`keeps outcomes and empty cells apart in the ${scheme} scheme with ${vision}`, () => {
        const names = Object.keys(kinds);
        for (const [i, a] of names.entries()) {
          for (const b of names.slice(i + 1)) {
            if (a.startsWith('exploded') && b.startsWith('exploded')) continue;
            expect(deltaE(seen(kinds[a]!, matrix), seen(kinds[b]!, matrix)), `${a} / ${b}`).toBeGreaterThan(APART);
          }
        }
      });
    }

    it(`orders an explosion's epochs by lightness alone in the ${scheme} scheme (readable without hue)`, () => {
      const lightness = Array.from({ length: 20 }, (_, e) => hexToLab(explodedColour(scheme, e + 1, 20))[0]);
      const rising = scheme === 'light'; // early is darkest on a light page, brightest on a dark one
      for (let e = 1; e < 20; e++) expect(rising ? lightness[e]! > lightness[e - 1]! : lightness[e]! < lightness[e - 1]!).toBe(true);
      // The first three epochs, where nearly every explosion happens, are told apart.
      expect(Math.abs(lightness[1]! - lightness[0]!)).toBeGreaterThan(5);
      expect(Math.abs(lightness[2]! - lightness[1]!)).toBeGreaterThan(3);
    });
  }

  it('colours a cell by its outcome, leaves one not computed without a colour, and never colours learned like stalled', () => {
    expect(cellColour('light', null, 20)).toBeNull();
    expect(cellColour('light', { outcome: 'learned', firstNonFiniteEpoch: null }, 20)).toBe(MAP_COLOURS.light.learned);
    expect(cellColour('dark', { outcome: 'stalled', firstNonFiniteEpoch: null }, 20)).toBe(MAP_COLOURS.dark.stalled);
    expect(cellColour('light', { outcome: 'exploded', firstNonFiniteEpoch: 1 }, 20)).toBe(explodedColour('light', 1, 20));
  });
});

describe('the vanishing map\'s lines', () => {
  for (const scheme of SCHEMES as Scheme[]) {
    for (const [vision, matrix] of Object.entries(VISION)) {
      it(`keeps the four activations apart in the ${scheme} scheme with ${vision}, or by their dashes`, () => {
        const styles = Object.entries(ACTIVATION_STYLE[scheme]);
        for (const [i, [a, sa]] of styles.entries()) {
          for (const [b, sb] of styles.slice(i + 1)) {
            const far = deltaE(seen(sa.colour, matrix), seen(sb.colour, matrix)) > 10;
            const dashed = sa.dash.join() !== sb.dash.join();
            expect(far && dashed, `${a} / ${b}`).toBe(true);
          }
          expect(deltaE(seen(sa.colour, matrix), seen(INK[scheme].surface, matrix)), `${a} on the figure`).toBeGreaterThan(25);
        }
      });
    }
  }
});

describe('the page\'s own colours', () => {
  it('are the ones global.css sets for each scheme', () => {
    const css = readFileSync(new URL('../styles/global.css', import.meta.url), 'utf8');
    const dark = css.slice(css.indexOf('(prefers-color-scheme: dark)'));
    const value = (block: string, name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{3,6})`, 'i').exec(block)?.[1]?.toLowerCase();
    const names: [keyof typeof INK.light, string][] = [['bg', 'bg'], ['surface', 'surface'], ['fg', 'fg'], ['muted', 'muted'], ['rule', 'rule'], ['accent', 'accent'], ['accent2', 'accent-2']];
    for (const [key, name] of names) {
      expect(INK.light[key], name).toBe(value(css, name));
      expect(INK.dark[key], `dark ${name}`).toBe(value(dark, name));
    }
  });
});
