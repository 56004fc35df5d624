/**
 * Resolves app://recueil/<path> to a file of the built renderer, refusing anything outside it
 * (path traversal, encoded separators). Pure, so it is tested without Electron.
 */
import { extname, join, normalize, sep } from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
};

export function resolveRendererFile(
  rendererDir: string,
  requestUrl: string,
): { file: string; mimeType: string } | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(rendererDir, relative));
  const root = normalize(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep);
  if (!file.startsWith(root)) return null;
  return { file, mimeType: mimeTypes[extname(file)] ?? 'application/octet-stream' };
}
