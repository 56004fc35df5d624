/**
 * Hardware enumeration for technicians: lists what the buses see (HID, serial, PC/SC readers) and
 * matches it against the drivers' ID tables (VID/PID; HID POS barcode readers by their usage page,
 * a scanner vendor's keyboard interface as a reader left in keyboard-emulation mode), never against
 * product names.
 */
import { type DeviceDescriptor, descriptors, formatUsbId } from '../core/descriptor';
import { classifyScannerInterface } from '../devices/hid-pos-scanner/descriptor';
import { createNodeHidBus } from '../transports/node-hid';
import { openPcscLiteBus } from '../transports/pcsclite';
import { createSerialBus } from '../transports/serialport';

export interface EnumeratedDevice {
  bus: 'hid' | 'serial' | 'pcsc';
  path: string;
  usbId?: string;
  /** The Recueil device model the ID tables match, when one does. */
  matches?: string;
  label?: string;
}

function matchUsb(vendorId: number | undefined, productId: number | undefined): DeviceDescriptor | undefined {
  if (vendorId === undefined || productId === undefined) return undefined;
  return Object.values(descriptors).find((d: DeviceDescriptor) =>
    d.usb?.some((id) => id.vendorId === vendorId && id.productId === productId),
  );
}

export async function enumerateHardware(
  options: { pcscWaitMs?: number } = {},
): Promise<{ devices: EnumeratedDevice[]; errors: string[] }> {
  const devices: EnumeratedDevice[] = [];
  const errors: string[] = [];
  try {
    for (const hid of await createNodeHidBus().list()) {
      const scanner = classifyScannerInterface(hid);
      const match: Pick<DeviceDescriptor, 'model' | 'label'> | undefined =
        matchUsb(hid.vendorId, hid.productId) ??
        (scanner === 'hid-pos'
          ? descriptors.hidPosScanner
          : scanner === 'keyboard-wedge'
            ? {
                model: descriptors.hidPosScanner.model,
                label: `${descriptors.hidPosScanner.label} en mode clavier (à passer en HID POS)`,
              }
            : undefined);
      devices.push({
        bus: 'hid',
        path: hid.path,
        usbId: formatUsbId(hid),
        ...(match ? { matches: match.model, label: match.label } : {}),
      });
    }
  } catch (error) {
    errors.push(`hid: ${(error as Error).message}`);
  }
  try {
    for (const port of await createSerialBus().list()) {
      const usbId =
        port.vendorId !== undefined && port.productId !== undefined
          ? formatUsbId({ vendorId: port.vendorId, productId: port.productId })
          : undefined;
      devices.push({ bus: 'serial', path: port.path, ...(usbId ? { usbId } : {}) });
    }
  } catch (error) {
    errors.push(`serial: ${(error as Error).message}`);
  }
  try {
    const bus = openPcscLiteBus();
    await new Promise((resolve) => setTimeout(resolve, options.pcscWaitMs ?? 800));
    for (const reader of bus.readers()) {
      devices.push({
        bus: 'pcsc',
        path: reader,
        matches: descriptors.pcscReader.model,
        label: descriptors.pcscReader.label,
      });
    }
    await bus.close();
  } catch (error) {
    errors.push(`pcsc: ${(error as Error).message}`);
  }
  return { devices, errors };
}
