/**
 * How the outputs name a check's page: its path in the package and the
 * command that prints it. Kept apart from ./page.ts so the renderers do not
 * load the file reader.
 */

/** The page's path inside the package, e.g. docs/checks/BG-007.md. */
export const pagePath = (id: string): string => `docs/checks/${id}.md`;

/** The command that prints the page. */
export const explainCommand = (id: string): string => `breakglass check --explain ${id}`;
