/**
 * `recueil sim serve barcode` as a technician or an outside check runs it: symbols given on the
 * command line and on stdin come out as HID POS input reports, which the real driver reads back;
 * it runs until SIGTERM, whatever stdin does.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BarcodeScan } from '../../core/capabilities';
import { HidPosScanner } from './driver';
import { hexReportTransport } from './serve-stdio';

const bin = fileURLToPath(new URL('../../../bin/recueil.mjs', import.meta.url));

describe('recueil sim serve barcode', () => {
  it('scans --scan and stdin lines as HID POS reports the driver reads back', async () => {
    const proof = 'DC04FR99T0012345234500FR<GS>10M/MARTIN/PAUL<GS>24 69001<US>ABCDEFGH';
    const child = spawn(process.execPath, [bin, 'sim', 'serve', 'barcode', '--scan', proof], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const transport = hexReportTransport(child.stdout, {
      vendorId: 0x0c2e,
      productId: 0xfff0,
      path: 'pipe:sim',
      usagePage: 0x8c,
      usage: 0x02,
    });
    const scanner = new HidPosScanner(transport);
    const scans: BarcodeScan[] = [];
    let announced = '';
    child.stdout.on('data', (chunk: Buffer) => {
      announced += chunk.toString();
    });
    const two = new Promise<void>((resolve) =>
      scanner.onScan((s) => {
        scans.push(s);
        if (scans.length === 2) resolve();
      }),
    );
    child.stdin.end('7AB2C9D4E1\n');
    await two;
    // The end of stdin does not unplug the reader: it runs until SIGTERM, then exits 0.
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await new Promise<void>((resolve) => {
      const wait = () => (announced.includes('stdin closed') ? resolve() : setTimeout(wait, 20));
      wait();
    });
    assert.equal(child.exitCode, null, 'still running after stdin closed');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(announced, /stopped\n$/);
    assert.match(announced, /^barcode simulator \(HID POS, usage page 0x8c/);
    assert.equal(
      Buffer.from(scans[0]!.bytes).toString('latin1'),
      proof.replaceAll('<GS>', '\u001d').replaceAll('<US>', '\u001f'),
    );
    assert.deepEqual(
      [scans[1]!.symbology, Buffer.from(scans[1]!.bytes).toString()],
      ['datamatrix', '7AB2C9D4E1'],
    );
    await scanner.close();
  });
});
