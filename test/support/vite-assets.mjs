/**
 * Node module hook for the renderer's component tests: the asset imports that Vite resolves when it
 * bundles the product load under node as Vite exposes them. A style sheet (`import './x.css'`, in
 * the renderer or in @codegouvfr/react-dsfr) is an empty module; an image or font file is its URL
 * (default export). Under node:test style sheets change nothing a test reads (DOM, roles, text).
 * The unit test runner preloads it (scripts/run-tests.mjs); to run one component test by hand:
 *   node --import tsx --import ./test/support/vite-assets.mjs --test renderer/src/…/X.test.tsx
 */
import { register } from 'node:module';

const hooks = `
const styleSheet = /\\.css(\\?.*)?$/;
const file = /\\.(svg|png|jpe?g|gif|webp|ico|woff2?|ttf|eot)(\\?.*)?$/;
export async function load(url, context, next) {
  if (styleSheet.test(url)) return { format: 'module', source: '', shortCircuit: true };
  if (file.test(url)) return { format: 'module', source: 'export default ' + JSON.stringify(url), shortCircuit: true };
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
