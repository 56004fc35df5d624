/**
 * Chip reading benchmark: time per protocol step when reading the simulated CNIe in-process
 * (PACE, file reads, CA, TA; the figures include the simulated chip's own crypto), the terminal's
 * crypto cost per secure-messaging APDU and per EC scalar multiplication, and a model of the total
 * read time on a real contactless reader at 424 kbit/s from the APDU sizes actually exchanged.
 *   node --import tsx bench/chip.bench.ts [--out bench/results/chip.json]
 */

import { curves } from '../drivers/devices/emrtd/crypto/curves';
import { generator, multiply } from '../drivers/devices/emrtd/crypto/ec';
import { type ChipReadResult, readChip } from '../drivers/devices/emrtd/reader/read-chip';
import { createSimulatedCnieBus } from '../drivers/devices/emrtd/simulator/sim-setup';
import { SecureMessaging } from '../drivers/devices/emrtd/sm/secure-messaging';
import { parseResponseApdu } from '../drivers/devices/iso7816/apdu';
import { outPath, stats, writeResult } from './harness';

const RUNS = 5;

/**
 * Real-reader model (assumptions, stated in the result): ISO 14443 type A at 424 kbit/s, 9 bits
 * per byte on air (8 + parity), ISO 14443-4 framing of 3 bytes (PCB + CRC) per frame of at most
 * 256 bytes, a frame delay of 0.1 ms per frame, 1 ms of PC/SC and reader overhead per APDU, and
 * chip processing of 2 ms per APDU plus 60 ms per EC scalar multiplication on the chip's
 * coprocessor (PACE 4 on the chip side, CA 1, TA 2 per certificate + 2 for the signature).
 */
const model = {
  bitRate: 424_000,
  bitsPerByte: 9,
  frameOverheadBytes: 3,
  frameSize: 256,
  frameDelayMs: 0.1,
  pcscOverheadMs: 1,
  chipPerApduMs: 2,
  chipScalarMultMs: 60,
};

function modelReadTime(result: ChipReadResult) {
  let air = 0;
  let overhead = 0;
  for (const { out, in: inBytes } of result.stats.sizes) {
    for (const n of [out, inBytes]) {
      const frames = Math.max(1, Math.ceil(n / model.frameSize));
      air += (((n + frames * model.frameOverheadBytes) * model.bitsPerByte) / model.bitRate) * 1000;
      overhead += frames * model.frameDelayMs;
    }
    overhead += model.pcscOverheadMs + model.chipPerApduMs;
  }
  const taCertificates = 2;
  const chipCryptoMs = model.chipScalarMultMs * (4 + 1 + 2 * taCertificates + 2);
  return {
    apdus: result.stats.apdus,
    bytesOut: result.stats.bytesOut,
    bytesIn: result.stats.bytesIn,
    airMs: Math.round(air),
    overheadMs: Math.round(overhead),
    chipCryptoMs,
    totalMs: Math.round(air + overhead + chipCryptoMs),
  };
}

async function readOnce(maxBlock: number) {
  const sim = await createSimulatedCnieBus({ fingerSize: { width: 400, height: 500 } });
  const channel = await sim.bus.connect(sim.readerName);
  const started = performance.now();
  const result = await readChip({
    channel,
    can: sim.can,
    trustStore: sim.trustStore,
    signer: sim.signer,
    maxBlock,
  });
  const totalMs = performance.now() - started;
  if (!result.verdict.ok) throw new Error('the simulated read did not verify');
  return { result, totalMs, dg3Bytes: result.files.DG3?.length ?? 0 };
}

function perStep(results: ChipReadResult[]) {
  const names = new Set(results.flatMap((r) => r.steps.map((s) => s.name)));
  return Object.fromEntries(
    [...names].map((name) => [
      name,
      stats(results.flatMap((r) => r.steps.filter((s) => s.name === name).map((s) => s.ms))),
    ]),
  );
}

function smCostPerApdu() {
  const key = new Uint8Array(32).fill(7);
  const terminal = new SecureMessaging('aes', key, key);
  const chip = new SecureMessaging('aes', key, key);
  const block = new Uint8Array(223).fill(0x5a);
  const samples: number[] = [];
  for (let k = 0; k < 400; k++) {
    const start = performance.now();
    const command = terminal.wrapCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 223 });
    chip.unwrapCommand(command);
    const response = chip.wrapResponse({ data: block, sw: 0x9000 });
    terminal.unwrapResponse(parseResponseApdu(response));
    samples.push((performance.now() - start) / 2); // terminal wrap+unwrap ≈ half of both sides
  }
  return stats(samples.slice(50));
}

function scalarMult() {
  const curve = curves.brainpoolP256r1;
  const samples: number[] = [];
  for (let k = 0; k < 30; k++) {
    const start = performance.now();
    multiply(curve, generator(curve), 0x1234567890abcdefn * BigInt(k + 3) + curve.n / 3n);
    samples.push(performance.now() - start);
  }
  return stats(samples.slice(5));
}

const out = outPath('bench/results/chip.json');
const short: Awaited<ReturnType<typeof readOnce>>[] = [];
const extended: Awaited<ReturnType<typeof readOnce>>[] = [];
for (let k = 0; k < RUNS; k++) {
  short.push(await readOnce(223));
  extended.push(await readOnce(1024));
}
const report = {
  simulator: 'in-process CnieSimulator (terminal and chip crypto both on this CPU)',
  dg3Bytes: short[0]!.dg3Bytes,
  shortApdus: {
    maxBlock: 223,
    totalMs: stats(short.map((r) => r.totalMs)),
    steps: perStep(short.map((r) => r.result)),
    realReaderModel: modelReadTime(short[0]!.result),
  },
  extendedApdus: {
    maxBlock: 1024,
    totalMs: stats(extended.map((r) => r.totalMs)),
    steps: perStep(extended.map((r) => r.result)),
    realReaderModel: modelReadTime(extended[0]!.result),
  },
  terminalCrypto: {
    smAes256WrapUnwrapPer223ByteApduMs: smCostPerApdu(),
    brainpoolP256r1ScalarMultMs: scalarMult(),
  },
  modelAssumptions: model,
};
writeResult(out, 'chip', report);
console.log(
  `read in-process: ${report.shortApdus.totalMs.p50} ms (223-byte blocks), ${report.extendedApdus.totalMs.p50} ms (1024); ` +
    `model on a 424 kbit/s reader: ${report.shortApdus.realReaderModel.totalMs} ms / ${report.extendedApdus.realReaderModel.totalMs} ms; ` +
    `SM per APDU ${report.terminalCrypto.smAes256WrapUnwrapPer223ByteApduMs.p50} ms; scalar mult ${report.terminalCrypto.brainpoolP256r1ScalarMultMs.p50} ms`,
);
