/**
 * The naive baseline the issue defines: split each line on spaces into a plain object, `Number()` for
 * the numeric fields. What most scripts do, and what the columnar parser is measured against.
 */
import { isNumericField } from '../src/flowlogs';

export function naiveParse(text: string, fields: readonly string[]): Record<string, string | number | null>[] {
  const numeric = fields.map((f) => isNumericField(f));
  const out: Record<string, string | number | null>[] = [];
  for (const line of text.split('\n')) {
    if (line === '') {
      continue;
    }
    const parts = line.split(' ');
    const o: Record<string, string | number | null> = {};
    for (let i = 0; i < fields.length; i++) {
      const v = parts[i] ?? '-';
      o[fields[i]!] = v === '-' ? null : numeric[i] ? Number(v) : v;
    }
    out.push(o);
  }
  return out;
}
