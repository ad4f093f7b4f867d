/**
 * The one comma-list splitter of flags: "a, b,,c" -> items, trimmed. `drop` (default) leaves out empty
 * items (lists of names); `keep` hands them to an item parser that refuses them by name ("1,,2").
 */
export const commaList = (raw: string, empty: 'drop' | 'keep' = 'drop'): string[] =>
  raw.split(',').map((s) => s.trim()).filter((s) => empty === 'keep' || s !== '');
