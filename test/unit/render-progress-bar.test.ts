// The progress bar as a string: always the width asked for; percentages as people read them.
import { describe, expect, it } from 'vitest';
import { clampPercent, formatPercent } from '../../src/format/number.js';
import { renderProgressBar } from '../../src/render/progress-bar.js';

describe('progress bar', () => {
  it.each([
    [0, 10, '░░░░░░░░░░'],
    [100, 10, '██████████'],
    [50, 10, '█████░░░░░'],
    [55, 10, '█████▌░░░░'],
    [150, 4, '████'],
    [-20, 4, '░░░░'],
    [null, 4, '░░░░'],
    [Number.NaN, 4, '░░░░'],
  ])('%s% in %i cells → %s', (percent, width, bar) => {
    expect(renderProgressBar(percent, width)).toBe(bar);
  });

  it('is always exactly the width asked for', () => {
    for (let percent = 0; percent <= 100; percent += 0.7) {
      for (const width of [1, 7, 12, 24]) expect([...renderProgressBar(percent, width)]).toHaveLength(width);
    }
  });

  it('formats percentages', () => {
    expect([
      formatPercent(42),
      formatPercent(99.5),
      formatPercent(12.34),
      formatPercent(null),
      formatPercent(140),
    ]).toEqual(['42%', '99.5%', '12.3%', '?', '100%']);
    expect(clampPercent(undefined)).toBeUndefined();
  });
});
