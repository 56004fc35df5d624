/**
 * `npm run fuzz`: runs every parser's fast-check fuzz tests with more runs than CI and prints the
 * counts per parser as JSON. The tests are not modified: scripts/fuzz/register.mjs routes their
 * `fast-check` import to a wrapper whose `assert` multiplies numRuns and records the runs made.
 *   node --import tsx scripts/fuzz-campaign.ts [--factor 10] [--min-runs N] [--only SUBSTRING] [--out FILE]
 * --factor 1 runs the CI sizes (the counts the closing note quotes). Exits 1 if a property fails.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every parser that takes outside bytes, and the test file holding its fuzz properties. */
const campaigns: { parser: string; file: string }[] = [
  {
    parser: 'device frames: ZFM fingerprint scanner (serial packets)',
    file: 'drivers/devices/zfm/protocol/decoder.test.ts',
  },
  {
    parser: 'device frames: Wacom STU signature pad (HID reports)',
    file: 'drivers/devices/wacom-stu/protocol/fuzz.test.ts',
  },
  {
    parser: 'device frames: MOSIP SBI (ISO 19794-4 records, M-JPEG multipart)',
    file: 'drivers/devices/mosip-sbi/protocol/protocol.test.ts',
  },
  {
    parser: 'device frames: HID POS barcode reader (scanned data reports)',
    file: 'drivers/devices/hid-pos-scanner/protocol/protocol.test.ts',
  },
  {
    parser: 'device frames: eSCL flatbed scanner (capabilities, scan settings, status XML)',
    file: 'drivers/devices/escl-scanner/protocol/protocol.test.ts',
  },
  { parser: 'device frames: smart-card ATR', file: 'drivers/devices/pcsc-reader/protocol/atr.test.ts' },
  { parser: 'device frames: ISO 7816 APDUs', file: 'drivers/devices/iso7816/apdu.test.ts' },
  { parser: 'chip: BER-TLV', file: 'drivers/devices/emrtd/tlv/tlv.test.ts' },
  {
    parser: 'chip: LDS files (DG1/DG2/DG3/DG14/COM/SOD), passive authentication',
    file: 'drivers/devices/emrtd/lds/lds.test.ts',
  },
  { parser: 'chip: CV certificates', file: 'drivers/devices/emrtd/cvc/cv-certificate.test.ts' },
  { parser: 'WSQ decoder', file: 'models/fingerprint/wsq/fuzz.test.ts' },
  { parser: 'ISO/IEC 19794-2 minutiae templates', file: 'models/fingerprint/template/iso19794-2.test.ts' },
  { parser: 'JPEG 2000 decoder', file: 'models/imaging/jpeg2000.test.ts' },
  {
    parser: '2D-DOC (text and binary forms, C40, signed trust list)',
    file: 'models/documents/twoddoc/twoddoc.test.ts',
  },
  { parser: 'barcode pictures (DataMatrix/QR in photos and scans)', file: 'models/imaging/barcode.test.ts' },
  {
    parser: 'counter codes (scanned or typed: 2D-DOC, pre-application, tax stamp)',
    file: 'models/documents/counter-code.test.ts',
  },
  {
    parser: 'pre-application and tax-stamp numbers (typed or scanned)',
    file: 'common/domain/counter-numbers.test.ts',
  },
  {
    parser: 'pre-application QR payload (camera)',
    file: 'renderer/src/features/capture/pre-application-qr.test.ts',
  },
  {
    parser: 'counter services answers (pre-application, appointment platform, tax-stamp ledger)',
    file: 'sync/counter/answers.test.ts',
  },
  {
    parser: 'central -> station messages (signed claims: envelope, type, claims, station, expiry)',
    file: 'sync/crypto/central-message.test.ts',
  },
  {
    parser: 'configuration files (station, sync section, central)',
    file: 'test/integration/config-fuzz.test.ts',
  },
];

interface Count {
  requested: number;
  runs: number;
  skips: number;
  failed: boolean;
}

function testFilesUsingFastCheck(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.git', '.data'].includes(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts') && readFileSync(full, 'utf8').includes("from 'fast-check'"))
        out.push(relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

function runFile(file: string, env: Record<string, string>): Promise<{ code: number | null; tail: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './scripts/fuzz/register.mjs', '--test', file],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-3000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('close', (code) => resolve({ code, tail: output }));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      factor: { type: 'string', default: '10' },
      'min-runs': { type: 'string', default: '0' },
      only: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const factor = Number(values.factor);
  if (!(factor > 0)) throw new Error(`--factor: expected a positive number, got ${values.factor}`);
  const work = mkdtempSync(join(tmpdir(), 'recueil-fuzz-'));
  const started = Date.now();
  const results = [];
  let failed = false;
  try {
    for (const campaign of campaigns.filter((c) => !values.only || c.parser.includes(values.only))) {
      const countsFile = join(work, `${results.length}.jsonl`);
      writeFileSync(countsFile, '');
      const t0 = Date.now();
      const { code, tail } = await runFile(campaign.file, {
        FUZZ_FACTOR: String(factor),
        FUZZ_RUNS: values['min-runs'],
        FUZZ_COUNTS_FILE: countsFile,
      });
      const counts = readFileSync(countsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Count);
      const ok = code === 0 && counts.every((c) => !c.failed);
      if (!ok) {
        failed = true;
        process.stderr.write(`${campaign.file} failed:\n${tail}\n`);
      }
      const result = {
        parser: campaign.parser,
        file: campaign.file,
        properties: counts.length,
        runs: counts.reduce((n, c) => n + c.runs, 0),
        ciRuns: counts.reduce((n, c) => n + Math.round(c.requested / factor), 0),
        /** Runs made by each property, in the order the file runs them. */
        perProperty: counts.map((c) => c.runs),
        ok,
        seconds: Math.round((Date.now() - t0) / 100) / 10,
      };
      results.push(result);
      process.stderr.write(
        `${result.parser}: ${result.properties} properties, ${result.runs} runs, ${result.ok ? 'ok' : 'FAILED'}\n`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const covered = new Set(campaigns.map((c) => c.file));
  const report = {
    factor,
    minRuns: Number(values['min-runs']),
    parsers: results,
    totalRuns: results.reduce((n, r) => n + r.runs, 0),
    /** Property tests outside the parser campaigns (algorithms, renderings), for completeness. */
    otherPropertyTests: testFilesUsingFastCheck().filter((f) => !covered.has(f)),
    wallSeconds: Math.round((Date.now() - started) / 1000),
    ok: !failed,
  };
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
  }
  process.stdout.write(text);
  process.exit(failed ? 1 : 0);
}

await main();
