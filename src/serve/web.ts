import type { ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT, PAGE_STYLE, webPage } from './web-page';

/** The page and the root that redirects to it. */
export const WEB_PATHS = ['/', '/web'] as const;

export function isWebPath(path: string): boolean {
  return (WEB_PATHS as readonly string[]).includes(path);
}

const hashOf = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const PAGE = Buffer.from(webPage(), 'utf8');

/**
 * The browser may run only the page's own script and style (by hash) and talk only to this server:
 * a self-contained page by construction, and nothing injected into it could load or send elsewhere.
 */
const POLICY = [
  "default-src 'none'", `script-src ${hashOf(PAGE_SCRIPT)}`, `style-src ${hashOf(PAGE_STYLE)}`, "connect-src 'self'",
  "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/** Answers GET / (a redirect) or GET /web (the page, one HTML file with its CSS and JavaScript inline). */
export function answerWeb(res: ServerResponse, path: string): void {
  if (path === '/') {
    res.writeHead(302, { Location: '/web', 'Content-Length': '0', 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(PAGE.length), 'Cache-Control': 'no-cache',
    'Content-Security-Policy': POLICY, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer',
  });
  res.end(PAGE);
}
