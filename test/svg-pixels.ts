/**
 * An SVG as a user sees it: rendered to PNG by librsvg's rsvg-convert (Debian
 * librsvg2-bin, installed by .ci/run) and read back with pngjs, so tests check
 * colours at the positions a renderer's geometry gives. rsvg-convert fails on
 * a malformed document, so rendering also checks the XML.
 */
import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';

export interface Picture {
  readonly width: number;
  readonly height: number;
  /** The RGB of the pixel nearest X, Y. */
  pixel(x: number, y: number): [number, number, number];
}

export function renderSvg(svg: string): Picture {
  const out = execFileSync('rsvg-convert', ['--format', 'png'], { input: svg, maxBuffer: 1 << 26 });
  const png = PNG.sync.read(out);
  return {
    width: png.width,
    height: png.height,
    pixel: (x, y) => {
      const i = (png.width * Math.round(y) + Math.round(x)) * 4;
      return [png.data[i], png.data[i + 1], png.data[i + 2]];
    },
  };
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

/** P is within a few levels of HEX on each channel (antialiasing aside). */
export const near = (p: readonly number[], hex: string): boolean =>
  rgb(hex).every((c, i) => Math.abs(c - p[i]) <= 24);

/** The pixel at X, Y is HEX (the message names both colours and the place). */
export function expectColour(pic: Picture, x: number, y: number, hex: string): void {
  const p = pic.pixel(x, y);
  const seen = '#' + p.map((c) => c.toString(16).padStart(2, '0')).join('');
  const where = `${Math.round(x)},${Math.round(y)}`;
  expect(`${seen} at ${where} near ${hex}: ${near(p, hex)}`).toBe(`${seen} at ${where} near ${hex}: true`);
}
