/**
 * The one comma-list splitter for flags and settings: "a, b,,c" -> items, each trimmed.
 * `empty: 'drop'` (the default) leaves out empty items, for lists of names; `'keep'` hands them on
 * (`"1,,2"` -> `["1", "", "2"]`) to an item parser that refuses an empty item with its own message.
 */
export function commaList(raw: string, empty: 'drop' | 'keep' = 'drop'): string[] {
  const items = raw.split(',').map((s) => s.trim());
  return empty === 'drop' ? items.filter((s) => s !== '') : items;
}
