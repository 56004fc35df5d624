/**
 * Which HID interface is a barcode scanner, and in which mode. A scanner in HID POS mode exposes a
 * top-level collection of usage page 0x8C (Barcode Scanner), usage 0x02; the same scanner in its
 * factory keyboard-emulation mode ("keyboard wedge") is a Generic Desktop keyboard (0x01/0x06)
 * that types the symbol into whatever has focus. The station does not read a wedge (keystrokes
 * lose the GS/US separators of a 2D-DOC and mix with the agent's typing): it detects it on the
 * scanner vendors' ids and tells the technician how to switch the scanner to HID POS.
 */
import { descriptors } from '../../core/descriptor';
import type { HidDeviceInfo } from '../../core/transport';

export const HID_POS_USAGE_PAGE = 0x8c;
export const BARCODE_SCANNER_USAGE = 0x02;
const GENERIC_DESKTOP = 0x01;
const KEYBOARD = 0x06;

export type ScannerInterface = 'hid-pos' | 'keyboard-wedge';

export function classifyScannerInterface(info: HidDeviceInfo): ScannerInterface | undefined {
  if (
    info.usagePage === HID_POS_USAGE_PAGE &&
    (info.usage === undefined || info.usage === BARCODE_SCANNER_USAGE)
  )
    return 'hid-pos';
  const scannerVendor = descriptors.hidPosScanner.usbVendors.some((v) => v.vendorId === info.vendorId);
  if (scannerVendor && info.usagePage === GENERIC_DESKTOP && info.usage === KEYBOARD) return 'keyboard-wedge';
  return undefined;
}

/** What the technician reads when the scanner is in keyboard-emulation mode (French). */
export const keyboardWedgeExplanation =
  'Le lecteur de codes est en mode « clavier » : le poste ne peut pas lire les 2D-DOC ainsi (les séparateurs sont perdus et la saisie se mélange au clavier). ' +
  'Scannez le code de configuration « USB HID POS » du guide du lecteur (Honeywell : « USB HID POS » ; Zebra : « USB HID POS » ou « IBM Hand-held USB » ; Datalogic : « USB-COM-POS » / « HID POS »), puis débranchez-le et rebranchez-le.';
