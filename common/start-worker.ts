/**
 * Starting a worker thread from its module beside the caller, in both ways the code runs: a
 * compiled build runs the .js entry directly; under tsx (sources run as TypeScript) the loader
 * hooks of the parent do not reach a worker on Node 20, so a tiny eval bootstrap registers tsx
 * first. Used by the inference runner, the central server's opening worker and the sync host's
 * embedded central.
 */
import { Worker } from 'node:worker_threads';

/**
 * Starts `./<name>.ts` relative to `callerUrl` (the caller's import.meta.url) from the sources, or
 * `./<bundled ?? name>.js` in a build (the bundles sit side by side in one folder). `name` may be a
 * relative path (`../../central/embedded`): then the build's entry needs its own `bundled` name.
 */
export function startWorkerThread(
  callerUrl: string,
  name: string,
  workerData: unknown,
  bundled: string = name,
): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(fromSources ? `${name}.ts` : `./${bundled}.js`, callerUrl);
  if (!fromSources) return new Worker(entry, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
