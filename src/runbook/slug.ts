/** Step ids from headings: "1. Create the **TAP**" → "create-the-tap". */
export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    // Ids must work in expressions (`${steps.<id>.x}`), which start with a letter: drop leading numbering.
    .replace(/^[^a-z]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return s;
}
