/**
 * The simulated HID POS reader as a kernel HID device, through Linux's uhid (/dev/uhid): the
 * kernel creates a hidraw node that node-hid, `recueil devices` and the station's hardware mode open
 * like a real USB reader's (same report descriptor, same 64-byte input reports). Events are the
 * packed `struct uhid_event` of <linux/uhid.h>: a u32 type, then UHID_CREATE2 (name, phys, uniq,
 * rd_size, bus, vendor, product, version, country, rd_data) or UHID_INPUT2 (size, data); requests
 * the kernel sends (GET_REPORT, SET_REPORT) are refused with EIO, as a reader with no feature
 * report does. Needs the uhid module and write access to /dev/uhid (root or a udev rule); CI
 * containers have no /dev/uhid, where `sim serve barcode` prints the reports instead.
 */
import { closeSync, existsSync, fstatSync, openSync, read, writeSync } from 'node:fs';
import { hidPosReportDescriptor } from './protocol/report-descriptor';

export const UHID_PATH = '/dev/uhid';
const UHID_DESTROY = 1;
const UHID_GET_REPORT = 9;
const UHID_GET_REPORT_REPLY = 10;
const UHID_CREATE2 = 11;
const UHID_INPUT2 = 12;
const UHID_SET_REPORT = 13;
const UHID_SET_REPORT_REPLY = 14;
const BUS_USB = 0x03;
const EIO = 5;
/** sizeof(struct uhid_event): u32 type + the largest member, uhid_create2_req (4372 bytes). */
export const UHID_EVENT_SIZE = 4 + 128 + 64 + 64 + 2 + 2 + 4 * 4 + 4096;

export interface UhidDeviceIdentity {
  name: string;
  vendorId: number;
  productId: number;
  serial: string;
  descriptor?: Uint8Array;
}

function putString(event: Buffer, offset: number, max: number, text: string): void {
  Buffer.from(text, 'utf8')
    .subarray(0, max - 1)
    .copy(event, offset);
}

/** UHID_CREATE2 for a USB HID POS reader. */
export function createEvent(identity: UhidDeviceIdentity): Buffer {
  const descriptor = identity.descriptor ?? hidPosReportDescriptor;
  if (descriptor.length > 4096) throw new RangeError('report descriptor longer than 4096 bytes');
  const event = Buffer.alloc(UHID_EVENT_SIZE);
  event.writeUInt32LE(UHID_CREATE2, 0);
  putString(event, 4, 128, identity.name);
  putString(event, 132, 64, 'recueil-sim/hid-pos');
  putString(event, 196, 64, identity.serial);
  event.writeUInt16LE(descriptor.length, 260);
  event.writeUInt16LE(BUS_USB, 262);
  event.writeUInt32LE(identity.vendorId, 264);
  event.writeUInt32LE(identity.productId, 268);
  event.writeUInt32LE(0x0100, 272);
  event.writeUInt32LE(0, 276);
  Buffer.from(descriptor).copy(event, 280);
  return event;
}

/** UHID_INPUT2: one input report (with its report id byte). */
export function inputEvent(report: Uint8Array): Buffer {
  if (report.length > 4096) throw new RangeError('input report longer than 4096 bytes');
  const event = Buffer.alloc(4 + 2 + report.length);
  event.writeUInt32LE(UHID_INPUT2, 0);
  event.writeUInt16LE(report.length, 4);
  Buffer.from(report).copy(event, 6);
  return event;
}

/** The reply to a kernel request, or undefined for events that need none (START, OPEN...). */
export function replyTo(event: Buffer): Buffer | undefined {
  if (event.length < 8) return undefined;
  const type = event.readUInt32LE(0);
  const id = event.readUInt32LE(4);
  if (type === UHID_GET_REPORT) {
    const reply = Buffer.alloc(4 + 4 + 2 + 2);
    reply.writeUInt32LE(UHID_GET_REPORT_REPLY, 0);
    reply.writeUInt32LE(id, 4);
    reply.writeUInt16LE(EIO, 8);
    return reply;
  }
  if (type === UHID_SET_REPORT) {
    const reply = Buffer.alloc(4 + 4 + 2);
    reply.writeUInt32LE(UHID_SET_REPORT_REPLY, 0);
    reply.writeUInt32LE(id, 4);
    reply.writeUInt16LE(EIO, 8);
    return reply;
  }
  return undefined;
}

export class UhidUnavailableError extends Error {
  constructor(reason: string) {
    super(`${UHID_PATH} unavailable (${reason}): load the uhid module (modprobe uhid) and run as root`);
    this.name = 'UhidUnavailableError';
  }
}

export interface UhidDevice {
  send(report: Uint8Array): void;
  close(): void;
}

/** Creates the kernel HID device; its input reports are what `send` writes. */
export function openUhidDevice(identity: UhidDeviceIdentity, path = UHID_PATH): UhidDevice {
  if (!existsSync(path)) throw new UhidUnavailableError('no such device');
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    throw new UhidUnavailableError((error as NodeJS.ErrnoException).code ?? 'cannot open');
  }
  writeSync(fd, createEvent(identity));
  let open = true;
  const buffer = Buffer.alloc(UHID_EVENT_SIZE);
  const loop = () =>
    read(fd, buffer, 0, buffer.length, null, (error, bytes) => {
      // A closed device stops the loop.
      if (!open || error || bytes === 0) return;
      const reply = replyTo(buffer.subarray(0, bytes));
      if (reply) writeSync(fd, reply);
      loop();
    });
  // Only the kernel's device talks back. A plain file standing in for it (tests) has one offset shared by
  // reads and writes, so reading it would move where the next event is written.
  if (fstatSync(fd).isCharacterDevice()) loop();
  return {
    send(report) {
      if (open) writeSync(fd, inputEvent(report));
    },
    close() {
      if (!open) return;
      open = false;
      const destroy = Buffer.alloc(4);
      destroy.writeUInt32LE(UHID_DESTROY, 0);
      writeSync(fd, destroy);
      closeSync(fd);
    },
  };
}
