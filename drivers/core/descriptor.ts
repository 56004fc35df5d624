/**
 * Device descriptors and ID tables. Devices are matched by identifiers (USB VID/PID, reader ATR,
 * SBI device id), never by product-name substrings. The installer generates udev rules from these.
 */
import type { DeviceKind, DeviceTransport } from '../../common/domain';

export interface UsbId {
  vendorId: number;
  productId: number;
}

/** A whole vendor's devices, for classes matched by their HID usage rather than by product id. */
export interface UsbVendor {
  vendorId: number;
  vendor: string;
}

export interface DeviceDescriptor {
  /** Stable identifier of the device model in Recueil (also used in logs and diagnostics). */
  model: string;
  kind: DeviceKind;
  vendor: string;
  /** Name shown to agents and technicians (French). */
  label: string;
  transport: DeviceTransport;
  usb?: UsbId[];
  /** Vendors whose HID interfaces the driver looks at (it then matches them on their usage page). */
  usbVendors?: UsbVendor[];
}

export const wacomVendorId = 0x056a;

export const descriptors = {
  wacomStu540: {
    model: 'wacom-stu-540',
    kind: 'signature',
    vendor: 'Wacom',
    label: 'Tablette de signature STU-540',
    transport: 'hid',
    usb: [{ vendorId: wacomVendorId, productId: 0x00a8 }],
  },
  wacomStu430: {
    model: 'wacom-stu-430',
    kind: 'signature',
    vendor: 'Wacom',
    label: 'Tablette de signature STU-430',
    transport: 'hid',
    usb: [{ vendorId: wacomVendorId, productId: 0x00a4 }],
  },
  sbiFingerprint: {
    model: 'sbi-fingerprint',
    kind: 'fingerprint',
    vendor: 'MOSIP SBI',
    label: 'Lecteur d’empreintes (SBI)',
    transport: 'sbi',
  },
  uvcCamera: {
    model: 'uvc-camera',
    kind: 'camera',
    vendor: 'UVC',
    label: 'Caméra',
    transport: 'media',
  },
  hidPosScanner: {
    model: 'hid-pos-scanner',
    kind: 'barcode-reader',
    vendor: 'USB HID POS',
    label: 'Lecteur de codes 2D',
    transport: 'hid',
    // HID POS scanners are recognised by their usage page (0x8C), whatever the product id (it
    // changes with the interface a scanner is configured for); udev opens these vendors' hidraw.
    usbVendors: [
      { vendorId: 0x0c2e, vendor: 'Honeywell (Metrologic, Hand Held Products)' },
      { vendorId: 0x05e0, vendor: 'Zebra (Symbol)' },
      { vendorId: 0x05f9, vendor: 'Datalogic (PSC)' },
    ],
  },
  esclScanner: {
    model: 'escl-flatbed',
    kind: 'flatbed-scanner',
    vendor: 'eSCL (AirScan)',
    label: 'Scanner à plat',
    // eSCL over HTTP: network scanners directly, USB ones through ipp-usb (IPP over USB).
    transport: 'escl',
  },
  pcscReader: {
    model: 'pcsc-contactless',
    kind: 'card-reader',
    vendor: 'PC/SC',
    label: 'Lecteur de carte sans contact',
    transport: 'pcsc',
  },
} as const satisfies Record<string, DeviceDescriptor>;

export function formatUsbId(id: UsbId): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `${hex(id.vendorId)}:${hex(id.productId)}`;
}
