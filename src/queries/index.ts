/**
 * Registers every built-in queries entry. Import this module (for its side effect)
 * before looking anything up in ./registry.ts.
 */
export {};
