/**
 * Conformance of the BarcodeReader capability, run against every implementation: the HID POS
 * driver over the in-memory simulator, and over the reports `recueil sim serve barcode` prints (a
 * real process, its stdout as the bus). Real hardware: set TEST_DEVICE_HIDPOS=1, have `PROOF`
 * printed as a DataMatrix (models/imaging/barcode.testing.ts `symbolPng`), scan it when asked, then
 * unplug the reader when asked.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BarcodeReader } from '../../drivers/core/capabilities';
import type { DeviceError } from '../../drivers/core/errors';
import { classifyScannerInterface } from '../../drivers/devices/hid-pos-scanner/descriptor';
import { HidPosScanner } from '../../drivers/devices/hid-pos-scanner/driver';
import { hexReportTransport } from '../../drivers/devices/hid-pos-scanner/serve-stdio';
import { simulatedScanner } from '../../drivers/devices/hid-pos-scanner/simulator';

const bin = fileURLToPath(new URL('../../bin/recueil.mjs', import.meta.url));
const PROOF = `DC04FR99T0012345234500FR\u001d10M/MARTIN/PAUL\u001d24 69001\u001f${'A'.repeat(103)}`;

interface Bench {
  reader: BarcodeReader;
  /** Makes the reader read `content` (a person scanning it, on real hardware). */
  scan(content: string): Promise<void>;
  unplug(): Promise<void>;
  close(): Promise<void>;
}

function barcodeReaderConformance(name: string, makeBench: () => Promise<Bench>, skip?: string) {
  describe(`BarcodeReader conformance: ${name}`, { skip }, () => {
    let bench: Bench;
    before(async () => {
      bench = await makeBench();
    });
    after(async () => {
      await bench?.close();
    });

    it('identifies itself and passes its self-test', async () => {
      assert.ok((await bench.reader.identify()).transportPath.length > 0);
      assert.equal((await bench.reader.selfTest()).passed, true);
    });

    it('delivers a scanned 2D-DOC byte for byte, with its symbology', async () => {
      const next = bench.reader.nextScan({ timeoutMs: 60000 });
      await bench.scan(PROOF);
      const scan = await next;
      assert.equal(scan.symbology, 'datamatrix');
      assert.equal(Buffer.from(scan.bytes).toString('latin1'), PROOF);
    });

    it('ends a wait with a typed timeout, then with disconnected when unplugged', async () => {
      const timeout = await bench.reader.nextScan({ timeoutMs: 20 }).catch((e: DeviceError) => e);
      assert.equal((timeout as DeviceError).kind, 'timeout');
      const waiting = bench.reader.nextScan().catch((e: DeviceError) => e);
      await bench.unplug();
      assert.equal(((await waiting) as DeviceError).kind, 'disconnected');
    });
  });
}

barcodeReaderConformance('HID POS driver over the in-memory simulator', async () => {
  const sim = simulatedScanner();
  const [info] = await sim.bus.list();
  const reader = new HidPosScanner(await sim.bus.open(info!.path));
  return {
    reader,
    scan: async (content) => {
      await sim.control.scan(content);
    },
    unplug: async () => sim.control.unplug(),
    close: () => reader.close(),
  };
});

barcodeReaderConformance('HID POS driver over `recueil sim serve barcode` (a real process)', async () => {
  const child: ChildProcess = spawn(process.execPath, [bin, 'sim', 'serve', 'barcode'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = {
    vendorId: 0x0c2e,
    productId: 0xfff0,
    path: `pid:${child.pid}`,
    usagePage: 0x8c,
    usage: 0x02,
  };
  const reader = new HidPosScanner(hexReportTransport(child.stdout!, info));
  return {
    reader,
    scan: async (content) => {
      child.stdin!.write(`${content.replaceAll('\u001d', '<GS>').replaceAll('\u001f', '<US>')}\n`);
    },
    // The process ends: its stdout, the bus, closes as a USB endpoint does on unplug.
    unplug: async () => {
      child.kill('SIGTERM');
    },
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await reader.close();
    },
  };
});

barcodeReaderConformance(
  'real HID POS reader (node-hid)',
  async () => {
    const { createNodeHidBus } = await import('../../drivers/transports/node-hid');
    const bus = createNodeHidBus();
    const found = (await bus.list()).find((d) => classifyScannerInterface(d) === 'hid-pos');
    if (!found) throw new Error('no HID POS reader found (usage page 0x8C)');
    const reader = new HidPosScanner(await bus.open(found.path));
    return {
      reader,
      scan: async () => void process.stderr.write('scan the printed test DataMatrix now\n'),
      unplug: async () => void process.stderr.write('unplug the reader now\n'),
      close: () => reader.close(),
    };
  },
  process.env.TEST_DEVICE_HIDPOS === '1' ? undefined : 'set TEST_DEVICE_HIDPOS=1 with a HID POS reader',
);
