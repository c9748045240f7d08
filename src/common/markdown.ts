/**
 * Building Markdown (tooltips, hovers) from text AWS hands us: Name tags, descriptions, stream names and
 * error messages are whatever someone typed, so they are escaped here, in one place, and shown as text:
 * a Name tag `![](https://host/p.png)` must not load an image, `**x**` must not turn bold. Pure.
 */

/**
 * Escapes text so Markdown shows it literally. Everything that can start emphasis, code, a link or an
 * image, HTML or a table cell is backslash-escaped wherever it is; what only counts at the start of a
 * line (a heading `#`, a list `-`, `+`, `1.`, a setext `=`) is escaped there, so ids such as
 * `eni-0a1b` stay readable; and the `://`, `www.` and `@` that renderers would turn into links by
 * themselves are broken up.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()!|<>~&@]/g, '\\$&')
    .replace(/(^|\n)([ \t]*)([#+=-])/g, '$1$2\\$3')
    .replace(/(^|\n)([ \t]*\d+)([.)])/g, '$1$2\\$3')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

/** Text as an inline code span (a backtick in it cannot end the span early). */
export function mdCode(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Escaped text in bold. */
export function mdBold(text: string): string {
  return `**${escapeMarkdown(text)}**`;
}

/**
 * A two-column table of Markdown cells (build them with {@link escapeMarkdown} and {@link mdCode});
 * rows without a value are left out, and a cell stays one line.
 */
export function mdTable(rows: readonly (readonly [string, string | undefined])[]): string {
  return ['| | |', '|---|---|', ...rows.filter((r): r is readonly [string, string] => !!r[1]).map(([k, v]) => `| ${k} | ${v.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|')} |`)].join('\n');
}
