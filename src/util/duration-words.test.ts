import { describe, expect, it } from 'vitest';
import { durationWords } from './duration-words.js';

describe('durationWords', () => {
  it('says ISO durations as words, and leaves anything else as it is', () => {
    expect(durationWords('P90D')).toBe('90 days');
    expect(durationWords('P1Y')).toBe('1 year');
    expect(durationWords('PT1H30M')).toBe('1 hour 30 minutes');
    expect(durationWords('PT15S')).toBe('15 seconds');
    expect(durationWords('P3M')).toBe('3 months');
    expect(durationWords('quarterly')).toBe('quarterly');
  });
});
