/** Text and number helpers for SVG/HTML output: everything from JSON goes through esc(). */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML/SVG content and attribute values (JSON input may hold anything). */
export const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** A coordinate: two decimals, no trailing noise. */
export const px = (v: number): string => (Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0');

/** A measured value for labels: 3 significant digits (RTF 0.0123, 0.209, 12.3, 1986). */
export function num(v: number): string {
  if (!Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a === 0) return '0';
  return v.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** `<tag a="b">` with escaped attribute values; undefined/false attributes are left out. */
export function tag(name: string, attrs: Record<string, string | number | undefined | false>, body?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : esc(v)}"`)
    .join('');
  return body === undefined ? `<${name}${a}/>` : `<${name}${a}>${body}</${name}>`;
}

/** SVG <text>; the content is escaped. */
export function text(x: number, y: number, content: string, attrs: Record<string, string | number | undefined> = {}): string {
  return tag('text', { x, y, ...attrs }, esc(content));
}

/** A tooltip for the enclosing element. */
export const title = (t: string): string => `<title>${esc(t)}</title>`;
