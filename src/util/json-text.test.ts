import { describe, expect, it } from 'vitest';
import { safeJsonStringify } from './json-text.js';

describe('safeJsonStringify', () => {
  it('escapes C1 controls, bidi overrides and separators, and parses back to the same value', () => {
    const value = { name: 'BREAK GLASS \u202eevil\u202c \u009b31m \u2028 x\u200b', n: 1 };
    const text = safeJsonStringify(value, 2);
    expect(text).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2028\u2029\u200b]/);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
  });
  it('escapes tag characters as a surrogate pair of \\u escapes', () => {
    const value = { name: 'a\u{e0041}b\u00ad' };
    const text = safeJsonStringify(value);
    expect(text).toBe('{"name":"a\\udb40\\udc41b\\u00ad"}');
    expect(JSON.parse(text)).toEqual(value);
  });
  it('leaves ordinary text (accents, emoji, CJK) as it is', () => {
    expect(safeJsonStringify({ a: 'Zoë 😀 日本' })).toBe('{"a":"Zoë 😀 日本"}');
  });
});
