import { describe, expect, it } from 'vitest';
import { durationFromWords, durationWords } from './duration-words.js';

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

describe('durationFromWords', () => {
  it('reads a length of time as a person types it, into the day/time ISO form', () => {
    expect(durationFromWords('15 minutes')).toBe('PT15M');
    expect(durationFromWords('1 hour 30 minutes')).toBe('PT1H30M');
    expect(durationFromWords('1 hour and 30 min')).toBe('PT1H30M');
    expect(durationFromWords('2h 30m')).toBe('PT2H30M');
    expect(durationFromWords('90 days')).toBe('P90D');
    expect(durationFromWords('2 weeks')).toBe('P14D');
    expect(durationFromWords('1 day, 2 hours')).toBe('P1DT2H');
  });

  it('round-trips what durationWords says', () => {
    for (const iso of ['PT15M', 'PT1H30M', 'P90D', 'P1DT2H', 'PT45S'])
      expect(durationFromWords(durationWords(iso))).toBe(iso);
  });

  it('is undefined for anything that is not a length of time', () => {
    for (const t of ['soon', '15', 'minutes', 'PT15M', '1 fortnight', '1 hour 30', '-5 minutes', ''])
      expect(durationFromWords(t)).toBeUndefined();
  });
});
