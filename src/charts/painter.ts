/**
 * The few drawing operations the hand-drawn figures need, behind one interface with two ends: a
 * 2-D canvas (the live figure) and an SVG document (the image baked for readers without
 * JavaScript). A figure's drawing code is written once against `Painter`, so the baked image and
 * the live canvas cannot drift apart. Coordinates are CSS pixels.
 */

export type Point = readonly [number, number];

export interface LineStyle {
  stroke: string;
  width: number;
  dash?: readonly number[];
  /** A wider line in this colour first, so the line reads on any fill beneath it. */
  halo?: string;
}

export interface TextStyle {
  fill: string;
  size: number;
  anchor?: 'start' | 'middle' | 'end';
  baseline?: 'top' | 'middle' | 'alphabetic';
  weight?: 400 | 600 | 700;
  /** Degrees, about (x, y): −90 writes upwards (a y axis title). */
  rotate?: number;
  /** An outline in this colour behind the letters. */
  halo?: string;
}

export interface Painter {
  rect(x: number, y: number, w: number, h: number, fill: string): void;
  /** Separate straight segments [from, to] in one stroke (hatching, ticks). */
  segments(pairs: readonly (readonly [Point, Point])[], style: LineStyle): void;
  polyline(points: readonly Point[], style: LineStyle): void;
  circle(cx: number, cy: number, r: number, style: { fill?: string; stroke?: string; width?: number; halo?: string }): void;
  text(x: number, y: number, text: string, style: TextStyle): void;
  /** Draws `inside` clipped to a rectangle. */
  clipped(x: number, y: number, w: number, h: number, inside: () => void): void;
}

export const FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei', sans-serif";

const r2 = (v: number) => Math.round(v * 100) / 100;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Accumulates an SVG document (presentation attributes only: no <style>, which a strict policy may refuse). */
export class SvgPainter implements Painter {
  readonly #parts: string[] = [];
  #clips = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.#parts.push(`<rect x="${r2(x)}" y="${r2(y)}" width="${r2(w)}" height="${r2(h)}" fill="${fill}"/>`);
  }

  #stroke(d: string, s: LineStyle): void {
    const dash = s.dash && s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    if (s.halo) this.#parts.push(`<path d="${d}" fill="none" stroke="${s.halo}" stroke-width="${r2(s.width + 3)}" stroke-linejoin="round" stroke-linecap="round"${dash}/>`);
    this.#parts.push(`<path d="${d}" fill="none" stroke="${s.stroke}" stroke-width="${r2(s.width)}" stroke-linejoin="round"${dash}/>`);
  }

  segments(pairs: readonly (readonly [Point, Point])[], style: LineStyle): void {
    if (!pairs.length) return;
    this.#stroke(pairs.map(([a, b]) => `M${r2(a[0])} ${r2(a[1])}L${r2(b[0])} ${r2(b[1])}`).join(''), style);
  }

  polyline(points: readonly Point[], style: LineStyle): void {
    if (points.length < 2) return;
    this.#stroke(points.map(([x, y], i) => `${i ? 'L' : 'M'}${r2(x)} ${r2(y)}`).join(''), style);
  }

  circle(cx: number, cy: number, r: number, style: { fill?: string; stroke?: string; width?: number; halo?: string }): void {
    const at = `cx="${r2(cx)}" cy="${r2(cy)}" r="${r2(r)}"`;
    if (style.halo && style.stroke) this.#parts.push(`<circle ${at} fill="none" stroke="${style.halo}" stroke-width="${r2((style.width ?? 1) + 3)}"/>`);
    this.#parts.push(`<circle ${at} fill="${style.fill ?? 'none'}"${style.stroke ? ` stroke="${style.stroke}" stroke-width="${r2(style.width ?? 1)}"` : ''}/>`);
  }

  text(x: number, y: number, text: string, s: TextStyle): void {
    const anchor = s.anchor ?? 'start';
    const baseline = s.baseline === 'top' ? 'hanging' : s.baseline === 'middle' ? 'central' : 'alphabetic';
    const rotate = s.rotate ? ` transform="rotate(${s.rotate} ${r2(x)} ${r2(y)})"` : '';
    const common = `x="${r2(x)}" y="${r2(y)}" font-family="${escapeXml(FONT)}" font-size="${s.size}" font-weight="${s.weight ?? 400}" text-anchor="${anchor}" dominant-baseline="${baseline}"${rotate}`;
    if (s.halo) this.#parts.push(`<text ${common} fill="none" stroke="${s.halo}" stroke-width="3" stroke-linejoin="round">${escapeXml(text)}</text>`);
    this.#parts.push(`<text ${common} fill="${s.fill}">${escapeXml(text)}</text>`);
  }

  clipped(x: number, y: number, w: number, h: number, inside: () => void): void {
    const id = `c${this.#clips++}`;
    this.#parts.push(`<clipPath id="${id}"><rect x="${r2(x)}" y="${r2(y)}" width="${r2(w)}" height="${r2(h)}"/></clipPath><g clip-path="url(#${id})">`);
    inside();
    this.#parts.push('</g>');
  }

  /** The document; `title` names it for assistive technology when opened on its own. */
  toString(title = ''): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" role="img">${title ? `<title>${escapeXml(title)}</title>` : ''}${this.#parts.join('')}</svg>`;
  }
}

/** Draws on a canvas context already scaled to CSS pixels. */
export function canvasPainter(ctx: CanvasRenderingContext2D): Painter {
  const stroke = (path: () => void, s: LineStyle) => {
    ctx.save();
    ctx.lineJoin = 'round';
    ctx.setLineDash(s.dash ? [...s.dash] : []);
    if (s.halo) {
      ctx.strokeStyle = s.halo;
      ctx.lineWidth = s.width + 3;
      ctx.lineCap = 'round';
      ctx.beginPath();
      path();
      ctx.stroke();
    }
    ctx.lineCap = 'butt';
    ctx.strokeStyle = s.stroke;
    ctx.lineWidth = s.width;
    ctx.beginPath();
    path();
    ctx.stroke();
    ctx.restore();
  };
  return {
    rect(x, y, w, h, fill) {
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, w, h);
    },
    segments(pairs, style) {
      if (!pairs.length) return;
      stroke(() => {
        for (const [a, b] of pairs) {
          ctx.moveTo(a[0], a[1]);
          ctx.lineTo(b[0], b[1]);
        }
      }, style);
    },
    polyline(points, style) {
      if (points.length < 2) return;
      stroke(() => points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y))), style);
    },
    circle(cx, cy, r, style) {
      ctx.save();
      if (style.halo && style.stroke) {
        ctx.strokeStyle = style.halo;
        ctx.lineWidth = (style.width ?? 1) + 3;
        ctx.beginPath();
        ctx.arc(cx, cy, r, 0, 2 * Math.PI);
        ctx.stroke();
      }
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      if (style.fill) {
        ctx.fillStyle = style.fill;
        ctx.fill();
      }
      if (style.stroke) {
        ctx.strokeStyle = style.stroke;
        ctx.lineWidth = style.width ?? 1;
        ctx.stroke();
      }
      ctx.restore();
    },
    text(x, y, text, s) {
      ctx.save();
      ctx.font = `${s.weight ?? 400} ${s.size}px ${FONT}`;
      ctx.textAlign = s.anchor === 'middle' ? 'center' : s.anchor === 'end' ? 'right' : 'left';
      ctx.textBaseline = s.baseline ?? 'alphabetic';
      ctx.translate(x, y);
      if (s.rotate) ctx.rotate((s.rotate * Math.PI) / 180);
      if (s.halo) {
        ctx.strokeStyle = s.halo;
        ctx.lineWidth = 3;
        ctx.lineJoin = 'round';
        ctx.strokeText(text, 0, 0);
      }
      ctx.fillStyle = s.fill;
      ctx.fillText(text, 0, 0);
      ctx.restore();
    },
    clipped(x, y, w, h, inside) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, y, w, h);
      ctx.clip();
      inside();
      ctx.restore();
    },
  };
}
