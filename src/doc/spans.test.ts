import { describe, expect, it } from 'vitest';
import { firstEndingAfter, firstStartingAt, indexContaining } from './spans.ts';

const spans = [
  { start: 0, end: 5 },
  { start: 6, end: 10 },
  { start: 10, end: 12 },
  { start: 20, end: 25 },
];

describe('span searches', () => {
  it.each([
    [0, 0],
    [1, 1],
    [6, 1],
    [11, 3],
    [25, 4],
  ])('firstStartingAt %i → %i', (pos, want) => expect(firstStartingAt(spans, pos)).toBe(want));

  it.each([
    [0, 0],
    [5, 1],
    [10, 2],
    [12, 3],
    [25, 4],
  ])('firstEndingAfter %i → %i', (pos, want) => expect(firstEndingAfter(spans, pos)).toBe(want));

  it.each([
    [0, 0],
    [4, 0],
    [5, -1],
    [10, 2],
    [15, -1],
    [24, 3],
    [25, -1],
  ])('indexContaining %i → %i', (pos, want) => expect(indexContaining(spans, pos)).toBe(want));

  it('handles no spans', () => {
    expect(firstStartingAt([], 3)).toBe(0);
    expect(indexContaining([], 3)).toBe(-1);
  });
});
