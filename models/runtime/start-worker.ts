/**
 * Starting a worker thread from its module beside the caller, in both ways the code runs: a
 * compiled build runs the .js entry directly; under tsx (sources run as TypeScript) the loader
 * hooks of the parent do not reach a worker on Node 20, so a tiny eval bootstrap registers tsx
 * first. Used by the inference runner and the central server's opening worker.
 */
import { Worker } from 'node:worker_threads';

/** Starts `./<name>.ts|.js` relative to `callerUrl` (the caller's import.meta.url). */
export function startWorkerThread(callerUrl: string, name: string, workerData: unknown): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return new Worker(entry, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
