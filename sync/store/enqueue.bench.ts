/**
 * Enqueue latency benchmark (not a test): 3 MB dossiers, real fsyncs, real statfs probe.
 *   node --import tsx sync/store/enqueue.bench.ts [iterations]
 * Prints p50/p95/max for `Outbox.enqueue` alone (pre-sealed) and for seal + enqueue.
 */

import { testPki } from '../crypto/crypto.testing';
import { verifyReceipt } from '../crypto/receipt';
import { type SealedDossier, sealDossier } from '../crypto/seal';
import { sampleDossier } from '../dossier/dossier.testing';
import { Outbox } from './outbox';
import { tempDir } from './store.testing';

const iterations = Number(process.argv[2] ?? 40);
const warmup = 3;
const pki = await testPki();
const { dir, cleanup } = tempDir('recueil-bench-');
const { outbox } = await Outbox.open({
  dataDir: dir,
  verifyReceipt: (jws, subject) => verifyReceipt(jws, pki.recipient, subject),
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (label: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  process.stdout.write(
    `${label}: n=${sorted.length} p50=${fmt(percentile(sorted, 50))} p95=${fmt(percentile(sorted, 95))} max=${fmt(sorted[sorted.length - 1]!)}\n`,
  );
};

try {
  const enqueueOnly: number[] = [];
  const sealAndEnqueue: number[] = [];
  let ciphertextBytes = 0;
  for (let i = 0; i < warmup + iterations; i++) {
    const dossier = sampleDossier({ imageBytes: 3 * 1024 * 1024 });
    const t0 = performance.now();
    const sealed: SealedDossier = await sealDossier(dossier, pki.station, pki.recipient);
    const t1 = performance.now();
    await outbox.enqueue(sealed);
    const t2 = performance.now();
    ciphertextBytes = sealed.ciphertext.length;
    if (i >= warmup) {
      enqueueOnly.push(t2 - t1);
      sealAndEnqueue.push(t2 - t0);
    }
  }
  process.stdout.write(`dossier: 3 MiB of parts, ciphertext ${(ciphertextBytes / 2 ** 20).toFixed(2)} MiB\n`);
  summary('Outbox.enqueue (blob write + fsync + rename + dir fsync + row commit)', enqueueOnly);
  summary('sealDossier + Outbox.enqueue', sealAndEnqueue);
} finally {
  outbox.close();
  cleanup();
  pki.cleanup();
}
