import { describe, expect, it } from 'vitest';
import { reportStyles } from '../../src/report/reportStyles.js';

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio: 4.5 is the least for text under 18 px (AA). */
function contrast(one: string, other: string): number {
  const [light, dark] = [luminance(one), luminance(other)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

function variable(name: string): string {
  const found = new RegExp(`--${name}: #([0-9a-f]{6}|[0-9a-f]{3});`).exec(reportStyles);
  if (!found?.[1]) throw new Error(`reportStyles has no --${name}`);
  // #fff is #ffffff.
  return `#${found[1].length === 3 ? [...found[1]].map((digit) => digit + digit).join('') : found[1]}`;
}

/** The colour `at` (0-1) along a gradient of `#rrggbb` stops at percentages. */
function gradientAt(stops: readonly [string, number][], at: number): string {
  const index = stops.findIndex(([, position]) => position / 100 >= at);
  const [from, start] = stops[Math.max(0, index - 1)] as [string, number];
  const [to, end] = stops[index] as [string, number];
  const t = end === start ? 0 : (at - start / 100) / ((end - start) / 100);
  return `#${[1, 3, 5]
    .map((i) => {
      const a = Number.parseInt(from.slice(i, i + 2), 16);
      const b = Number.parseInt(to.slice(i, i + 2), 16);
      return Math.round(a + (b - a) * t)
        .toString(16)
        .padStart(2, '0');
    })
    .join('')}`;
}

describe('the report stylesheet', () => {
  it('sets the small grey text (notes, captions, the footer) readable on the cards and the page', () => {
    // The footer sits on the page's background, the rest on white cards.
    expect(contrast(variable('muted'), variable('card'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(variable('muted'), variable('bg'))).toBeGreaterThanOrEqual(4.5);
  });

  it('sets the header line (as of, events, people) readable on all of its gradient', () => {
    const rule = /header \{ background: linear-gradient\(120deg, ([^)]*)\)/.exec(reportStyles);
    const stops = (rule?.[1] ?? '')
      .split(', ')
      .map((stop) => stop.split(' '))
      .map(([colour, position]) => [colour, Number.parseFloat(position ?? '')]) as [
      string,
      number,
    ][];
    expect(stops.length).toBeGreaterThan(1);
    // White text, not faded: faded, it fell to 4.0 where the gradient turns green.
    expect(reportStyles).toMatch(/header \{[^}]*color: #fff;/);
    expect(reportStyles).not.toMatch(/header p \{[^}]*opacity/);
    for (let at = 0; at <= 1; at += 0.05) {
      expect(contrast('#ffffff', gradientAt(stops, at)), `at ${at}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
