/**
 * Counter code benchmark: time to find and decode the 2D-DOC of a photographed or scanned proof
 * (models/imaging/barcode.ts) on synthetic pages of the project's own test authority, per kind of
 * picture; the HID POS path (reports of a 2D-DOC joined by the assembler); and the classification
 * with the offline ECDSA verification (models/documents/counter-code.ts).
 *   node --import tsx bench/barcode.bench.ts [--out bench/results/barcode.json] [--runs N]
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aimIdentifier } from '../drivers/devices/hid-pos-scanner/protocol/aim';
import { ScanAssembler } from '../drivers/devices/hid-pos-scanner/protocol/assembler';
import { encodeScannedDataReports } from '../drivers/devices/hid-pos-scanner/protocol/scanned-data';
import { classifyCounterCode } from '../models/documents/counter-code';
import { loadSignedTrustList } from '../models/documents/twoddoc';
import {
  makeTestAuthority,
  sampleProofOfAddress,
  signedTrustList,
} from '../models/documents/twoddoc/twoddoc.testing';
import { decodeBarcodeImage } from '../models/imaging/barcode';
import { type DocumentOptions, documentImage } from '../models/imaging/barcode.testing';
import { outPath, stats, time, writeResult } from './harness';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;

const ta = await makeTestAuthority();
const trust = await loadSignedTrustList(await signedTrustList([ta]));
const proof = sampleProofOfAddress(ta);

const pictures: Record<string, DocumentOptions> = {
  'scan A4 150 ppi (PNG)': { quality: 'png' },
  'photo A4, turned 12 deg, blur, noise, JPEG 60': { rotate: 12, blur: 0.8, noise: 15, quality: 60 },
  'photo 3000x4000 (12 MP phone)': { modulePx: 10, page: { width: 3000, height: 4000 }, rotate: 5 },
  'turned 45 deg (slowest path)': { rotate: 45 },
};

const images: Record<string, { ms: ReturnType<typeof stats>; decoded: number; bytes: number }> = {};
for (const [name, options] of Object.entries(pictures)) {
  const samples: number[] = [];
  let decoded = 0;
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const file = await documentImage(proof, { ...options, seed: run + 1 });
    bytes = file.length;
    const started = performance.now();
    const found = await decodeBarcodeImage(file).catch(() => undefined);
    samples.push(performance.now() - started);
    if (found?.text === proof) decoded++;
  }
  images[name] = { ms: stats(samples), decoded, bytes };
  console.log(`${name}: p50 ${images[name].ms.p50} ms, decoded ${decoded}/${RUNS}`);
}

const reports = encodeScannedDataReports(Buffer.from(proof, 'latin1'), aimIdentifier('datamatrix'));
const assemble: number[] = [];
for (let i = 0; i < 2000; i++) {
  const assembler = new ScanAssembler();
  assemble.push(time(() => reports.map((r) => assembler.push(r))).ms);
}
const classify: number[] = [];
for (let i = 0; i < 200; i++)
  classify.push(time(() => classifyCounterCode(Buffer.from(proof, 'latin1'), trust)).ms);

writeResult(outPath(join(root, 'bench/results/barcode.json')), 'barcode', {
  proofBytes: proof.length,
  hidPosReports: reports.length,
  imageDecodeMs: images,
  hidPosAssembleMs: stats(assemble),
  classifyWithVerificationMs: stats(classify),
  targets: { imageDecodeP95Ms: 1000, hidPosAssembleMs: 1, classifyMs: 10 },
  note: 'wall-clock on the shared machine; image figures include sharp decoding the file',
});
