/**
 * A strict little HTML/SVG parser for the report tests: elements, attributes, text. It throws on
 * a tag closed out of order or left open, so a chart that escaping broke fails to parse.
 */
export interface Element {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: Element[];
  text: string;
  readonly parent: Element | null;
}

const VOID = new Set(['meta', 'br', 'img', 'link', 'input', 'hr', 'col']);
const RAW = new Set(['style', 'script', 'title']);

const decode = (s: string): string => s.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

export function parseMarkup(src: string): Element {
  const root: Element = { name: '#root', attrs: {}, children: [], text: '', parent: null };
  let cur = root;
  let i = 0;
  const addText = (t: string): void => {
    for (let e: Element | null = cur; e; e = e.parent) e.text += t;
  };
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      addText(decode(src.slice(i)));
      break;
    }
    addText(decode(src.slice(i, lt)));
    if (src.startsWith('<!--', lt)) {
      i = src.indexOf('-->', lt) + 3;
      continue;
    }
    if (src.startsWith('<!', lt)) {
      i = src.indexOf('>', lt) + 1;
      continue;
    }
    const gt = src.indexOf('>', lt);
    if (gt < 0) throw new Error(`unclosed tag at ${lt}`);
    const body = src.slice(lt + 1, gt);
    i = gt + 1;
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      if (cur.name !== name) throw new Error(`</${name}> closes <${cur.name}> at ${lt}`);
      cur = cur.parent!;
      continue;
    }
    const m = /^([a-zA-Z][\w:-]*)([\s\S]*?)(\/?)$/.exec(body);
    if (!m) throw new Error(`bad tag <${body.slice(0, 40)}> at ${lt}`);
    const attrs: Record<string, string> = {};
    const rest = m[2]!.replace(/([\w:-]+)="([^"]*)"/g, (_x, k: string, v: string) => {
      attrs[k] = decode(v);
      return '';
    });
    if (rest.trim() !== '') throw new Error(`stray text in <${m[1]}${m[2]}> at ${lt}`);
    const el: Element = { name: m[1]!, attrs, children: [], text: '', parent: cur };
    cur.children.push(el);
    if (m[3] || VOID.has(el.name)) continue;
    if (RAW.has(el.name)) {
      const end = src.indexOf(`</${el.name}>`, i);
      if (end < 0) throw new Error(`<${el.name}> never closed`);
      el.text = decode(src.slice(i, end));
      i = end + el.name.length + 3;
      continue;
    }
    cur = el;
  }
  if (cur !== root) throw new Error(`<${cur.name}> never closed`);
  return root;
}

export function findAll(e: Element, pred: (x: Element) => boolean): Element[] {
  return e.children.flatMap((c) => [...(pred(c) ? [c] : []), ...findAll(c, pred)]);
}

export const hasClass = (e: Element, cls: string): boolean => (e.attrs.class ?? '').split(/\s+/).includes(cls);
export const byClass = (e: Element, cls: string): Element[] => findAll(e, (x) => hasClass(x, cls));
export const charts = (e: Element, kind: string): Element[] => findAll(e, (x) => x.attrs['data-chart'] === kind);
