/**
 * Wacom STU identification: the PID table of the STU family (VID 0x056A, PIDs 0x00A1–0x00AF), the
 * descriptors Recueil supports (STU-540, STU-430, from drivers/core/descriptor.ts), and per-model
 * profiles (screen, tablet, encodings, optional reports) used by the driver and the simulator.
 * Devices are matched by VID/PID only, never by product-name substrings.
 */
import { type DeviceDescriptor, descriptors, type UsbId, wacomVendorId } from '../../core/descriptor';
import type { Capability } from './protocol/feature-reports';
import { EncodingFlag } from './protocol/feature-reports';

export { wacomVendorId };

/** The STU family PID range (inclusive). */
export const stuProductIdRange = { first: 0x00a1, last: 0x00af } as const;

/** Known STU PIDs (Wacom STU SDK getUsbDevices). */
export const stuProductIds: Readonly<Record<number, string>> = {
  161: 'STU-500',
  162: 'STU-300',
  163: 'STU-520A',
  164: 'STU-430',
  165: 'STU-530',
  166: 'STU-430V',
  168: 'STU-540',
  169: 'STU-541',
};

export type SupportedStuModel = 'STU-540' | 'STU-430';

export interface StuProfile {
  model: SupportedStuModel;
  descriptor: DeviceDescriptor;
  usb: UsbId;
  /** Capability as the firmware reports it. [U] tablet/resolution figures are typical values, to be
   * confirmed against a real unit's Capability report; the driver always uses what the device says. */
  capability: Capability;
  /** The model answers HidInformation (0x06) and eSerial (0x0F). */
  hasHidInformation: boolean;
  hasEserial: boolean;
  /** Image encoding the driver prefers for prompt images. */
  preferredImageMode: 'TwentyFourBit' | 'OneBit';
}

export const stuProfiles: Readonly<Record<SupportedStuModel, StuProfile>> = {
  'STU-540': {
    model: 'STU-540',
    descriptor: descriptors.wacomStu540,
    usb: { vendorId: wacomVendorId, productId: 0x00a8 },
    capability: {
      tabletMaxX: 9600,
      tabletMaxY: 6000,
      tabletMaxPressure: 1023,
      screenWidth: 800,
      screenHeight: 480,
      maxReportRate: 200,
      resolution: 2540,
      encodingFlag: EncodingFlag.OneBit | EncodingFlag.SixteenBit | EncodingFlag.TwentyFourBit,
    },
    hasHidInformation: true,
    hasEserial: true,
    preferredImageMode: 'TwentyFourBit',
  },
  'STU-430': {
    model: 'STU-430',
    descriptor: descriptors.wacomStu430,
    usb: { vendorId: wacomVendorId, productId: 0x00a4 },
    capability: {
      tabletMaxX: 9600,
      tabletMaxY: 6000,
      tabletMaxPressure: 1023,
      screenWidth: 320,
      screenHeight: 200,
      maxReportRate: 200,
      resolution: 2540,
      encodingFlag: EncodingFlag.OneBit,
    },
    hasHidInformation: false,
    hasEserial: false,
    preferredImageMode: 'OneBit',
  },
};

export function isStuUsbId(id: UsbId): boolean {
  return (
    id.vendorId === wacomVendorId &&
    id.productId >= stuProductIdRange.first &&
    id.productId <= stuProductIdRange.last
  );
}

/** The supported profile for a USB id, or undefined (other STU models are recognised, not driven). */
export function stuProfileForUsbId(id: UsbId): StuProfile | undefined {
  if (!isStuUsbId(id)) return undefined;
  return Object.values(stuProfiles).find((p) => p.usb.productId === id.productId);
}

export const stuDescriptors: readonly DeviceDescriptor[] = [descriptors.wacomStu540, descriptors.wacomStu430];
