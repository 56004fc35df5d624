import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { aimIdentifier } from './protocol/aim';
import { hidPosReportDescriptor, inputReportBits } from './protocol/report-descriptor';
import {
  DATA_PER_REPORT,
  encodeScannedDataReports,
  SCANNED_DATA_REPORT_LENGTH,
} from './protocol/scanned-data';
import {
  createEvent,
  inputEvent,
  openUhidDevice,
  replyTo,
  UHID_EVENT_SIZE,
  UhidUnavailableError,
} from './uhid';

describe('the simulated reader as a kernel HID device (uhid)', () => {
  it('declares a HID POS scanner whose report 2 is the 64-byte scanned data report', () => {
    const summary = inputReportBits(hidPosReportDescriptor);
    assert.deepEqual(summary.application, { usagePage: 0x8c, usage: 0x02 });
    assert.equal(
      summary.inputBits.get(2),
      (SCANNED_DATA_REPORT_LENGTH - 1) * 8,
      'all bytes but the report id',
    );
    assert.equal(DATA_PER_REPORT, 56);
  });

  it('lays out UHID_CREATE2 and UHID_INPUT2 as <linux/uhid.h> packs them', () => {
    assert.equal(UHID_EVENT_SIZE, 4376);
    const create = createEvent({ name: 'Lecteur', vendorId: 0x0c2e, productId: 0xfff0, serial: 'SIM-1' });
    assert.equal(create.length, UHID_EVENT_SIZE);
    assert.equal(create.readUInt32LE(0), 11);
    assert.equal(create.subarray(4, 11).toString(), 'Lecteur');
    assert.equal(create.subarray(196, 201).toString(), 'SIM-1');
    assert.equal(create.readUInt16LE(260), hidPosReportDescriptor.length);
    assert.deepEqual(
      [create.readUInt16LE(262), create.readUInt32LE(264), create.readUInt32LE(268)],
      [3, 0x0c2e, 0xfff0],
    );
    assert.deepEqual(
      [...create.subarray(280, 280 + hidPosReportDescriptor.length)],
      [...hidPosReportDescriptor],
    );
    const [report] = encodeScannedDataReports(Buffer.from('7AB2C9D4E1'), aimIdentifier('qr'));
    const input = inputEvent(report!);
    assert.deepEqual([input.readUInt32LE(0), input.readUInt16LE(4), input.length], [12, 64, 70]);
    assert.deepEqual([...input.subarray(6)], [...report!]);
  });

  it('refuses the kernel’s feature requests with EIO and ignores its notices', () => {
    const get = Buffer.alloc(12);
    get.writeUInt32LE(9, 0);
    get.writeUInt32LE(77, 4);
    const reply = replyTo(get)!;
    assert.deepEqual([reply.readUInt32LE(0), reply.readUInt32LE(4), reply.readUInt16LE(8)], [10, 77, 5]);
    const set = Buffer.alloc(12);
    set.writeUInt32LE(13, 0);
    set.writeUInt32LE(78, 4);
    assert.deepEqual([replyTo(set)!.readUInt32LE(0), replyTo(set)!.readUInt32LE(4)], [14, 78]);
    const start = Buffer.alloc(12);
    start.writeUInt32LE(2, 0);
    assert.equal(replyTo(start), undefined);
  });

  it('writes create, input and destroy events in order to the device file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-uhid-'));
    try {
      // A plain file stands in for /dev/uhid (containers have none): the bytes are what the kernel reads.
      const path = join(dir, 'uhid');
      spawnSync('touch', [path]);
      const device = openUhidDevice(
        { name: 'Lecteur', vendorId: 0x0c2e, productId: 0xfff0, serial: 'S' },
        path,
      );
      const [report] = encodeScannedDataReports(Buffer.from('1234567890123456'), aimIdentifier('datamatrix'));
      device.send(report!);
      device.close();
      const written = readFileSync(path);
      assert.equal(written.length, UHID_EVENT_SIZE + 70 + 4);
      assert.deepEqual(
        [
          written.readUInt32LE(0),
          written.readUInt32LE(UHID_EVENT_SIZE),
          written.readUInt32LE(UHID_EVENT_SIZE + 70),
        ],
        [11, 12, 1],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says precisely when /dev/uhid is missing, and the CLI exits 2', () => {
    assert.throws(
      () => openUhidDevice({ name: 'x', vendorId: 1, productId: 2, serial: '' }, '/nonexistent/uhid'),
      (e: Error) => e instanceof UhidUnavailableError && /modprobe uhid/.test(e.message),
    );
    const bin = fileURLToPath(new URL('../../../bin/recueil.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'sim', 'serve', 'barcode', '--uhid'], {
      input: '',
      encoding: 'utf8',
      // With /dev/uhid the simulator runs until SIGTERM: end it after a moment.
      timeout: 15000,
    });
    if (r.status === 2) assert.match(r.stderr, /\/dev\/uhid unavailable/);
    else assert.match(r.stdout, /kernel HID device created/, 'a machine with /dev/uhid');
  });
});
