import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTwoDDoc } from '../../../models/documents/twoddoc';
import { makeTestAuthority, sampleProofOfAddress } from '../../../models/documents/twoddoc/twoddoc.testing';
import type { DeviceError } from '../../core/errors';
import { HidPosScanner } from './driver';
import { simulatedScanner } from './simulator';

async function openScanner(options: Parameters<typeof simulatedScanner>[0] = {}) {
  const sim = simulatedScanner(options);
  const [info] = await sim.bus.list();
  const transport = await sim.bus.open(info!.path);
  return { sim, transport };
}

describe('HID POS barcode reader driver against its simulator', async () => {
  const ta = await makeTestAuthority();
  const proof = sampleProofOfAddress(ta);

  it('reads a 2D-DOC sent over several reports, byte for byte with its GS/US separators', async () => {
    const { sim, transport } = await openScanner();
    const scanner = new HidPosScanner(transport);
    const next = scanner.nextScan({ timeoutMs: 5000 });
    const reports = await sim.control.scan(proof);
    const scan = await next;
    assert.ok(reports.length >= 3, 'a 2D-DOC takes several 56-byte reports');
    assert.deepEqual([scan.symbology, scan.aim], ['datamatrix', ']d1']);
    assert.equal(Buffer.from(scan.bytes).toString('latin1'), proof);
    assert.equal(parseTwoDDoc(scan.bytes).fields['25'], 'LYON');
    await scanner.close();
    assert.equal(sim.control.openTransports, 0);
  });

  it('reads a pre-application number (QR) and a tax-stamp number, one after the other', async () => {
    const { sim, transport } = await openScanner();
    const scanner = new HidPosScanner(transport);
    const seen: string[] = [];
    scanner.onScan((s) => seen.push(`${s.symbology}:${Buffer.from(s.bytes).toString('latin1')}`));
    await sim.control.scan('7AB2C9D4E1', 'qr');
    await sim.control.scan('1234567890123456', 'datamatrix');
    assert.deepEqual(seen, ['qr:7AB2C9D4E1', 'datamatrix:1234567890123456']);
    await scanner.close();
  });

  it('drops a malformed report with a protocol error, then reads the next symbol; self-test counts it', async () => {
    const { sim, transport } = await openScanner();
    const scanner = new HidPosScanner(transport);
    const errors: DeviceError[] = [];
    scanner.onScanError((e) => errors.push(e));
    const bad = new Uint8Array(64);
    bad[0] = 0x02;
    bad[1] = 200;
    await sim.control.send([bad, Uint8Array.of(0x02, 3)]);
    assert.deepEqual(
      errors.map((e) => [e.kind, e.code]),
      [
        ['protocol', 'SCANNER_BAD_LENGTH'],
        ['protocol', 'SCANNER_TRUNCATED'],
      ],
    );
    const next = scanner.nextScan({ timeoutMs: 5000 });
    await sim.control.scan('7AB2C9D4E1');
    assert.equal(Buffer.from((await next).bytes).toString(), '7AB2C9D4E1');
    const test = await scanner.selfTest();
    assert.equal(test.passed, false);
    assert.match(
      test.checks.find((c) => c.name.startsWith('Trames'))!.detail!,
      /1 code\(s\) lu\(s\), 2 trame/,
    );
    await scanner.reset();
    assert.equal((await scanner.selfTest()).passed, true);
    await scanner.close();
  });

  it('ends a wait on unplug (disconnected), on timeout and on cancellation', async () => {
    const { sim, transport } = await openScanner();
    const scanner = new HidPosScanner(transport);
    const timeout = await scanner.nextScan({ timeoutMs: 5 }).catch((e: DeviceError) => e);
    assert.equal((timeout as DeviceError).kind, 'timeout');
    const controller = new AbortController();
    const cancelled = scanner.nextScan({ signal: controller.signal }).catch((e: DeviceError) => e);
    controller.abort();
    assert.equal(((await cancelled) as DeviceError).kind, 'cancelled');
    const pending = scanner.nextScan().catch((e: DeviceError) => e);
    sim.control.unplug();
    assert.equal(((await pending) as DeviceError).kind, 'disconnected');
    assert.equal(((await scanner.nextScan().catch((e) => e)) as DeviceError).code, 'HID_DISCONNECTED');
    assert.equal((await scanner.selfTest()).passed, false);
  });

  it('detects a scanner in keyboard-emulation mode and tells the technician how to switch it', async () => {
    const { sim, transport } = await openScanner({ mode: 'keyboard-wedge' });
    const error = (() => {
      try {
        new HidPosScanner(transport);
      } catch (e) {
        return e as DeviceError;
      }
    })();
    assert.equal(error?.code, 'SCANNER_KEYBOARD_WEDGE');
    assert.equal(error?.kind, 'operator');
    assert.match(error!.prompt!, /mode « clavier ».*USB HID POS/s);
    // What the wedge types: the separators of a 2D-DOC have no key and are lost.
    const typed = await sim.control.scan('DC04\u001d10');
    assert.equal(typed.length, (6 + 1) * 2, 'six printable keys and Enter, each pressed and released');
  });
});
