/**
 * The HID report descriptor of the simulated HID POS reader: what a real one declares (Barcode
 * Scanner page 0x8C, usage 0x02, Scanned Data Report 0x12 with report id 2, Byte Count, Symbology
 * Identifier 1-3, 56 bytes of Decoded Data, two vendor bytes, Decode Data Continued), so that a
 * kernel HID device made from it (uhid) is seen by hidraw and node-hid with usage page 0x8C and
 * delivers the 64-byte reports of scanned-data.ts. `inputReportBits` walks a descriptor's items to
 * check the sizes it declares (used by the tests on this descriptor).
 */

// biome-ignore format: one item per line, as HID descriptors are read.
export const hidPosReportDescriptor = Uint8Array.of(
  0x05, 0x8c, //       Usage Page (Barcode Scanner)
  0x09, 0x02, //       Usage (Barcode Scanner)
  0xa1, 0x01, //       Collection (Application)
  0x09, 0x12, //         Usage (Scanned Data Report)
  0xa1, 0x02, //         Collection (Logical)
  0x85, 0x02, //           Report ID (2)
  0x15, 0x00, //           Logical Minimum (0)
  0x26, 0xff, 0x00, //     Logical Maximum (255)
  0x75, 0x08, //           Report Size (8)
  0x95, 0x01, //           Report Count (1)
  0x05, 0x01, //           Usage Page (Generic Desktop)
  0x09, 0x3b, //           Usage (Byte Count)
  0x81, 0x02, //           Input (Data, Variable, Absolute)
  0x05, 0x8c, //           Usage Page (Barcode Scanner)
  0x09, 0xfb, //           Usage (Symbology Identifier 1)
  0x09, 0xfc, //           Usage (Symbology Identifier 2)
  0x09, 0xfd, //           Usage (Symbology Identifier 3)
  0x95, 0x03, //           Report Count (3)
  0x81, 0x02, //           Input (Data, Variable, Absolute)
  0x09, 0xfe, //           Usage (Decoded Data)
  0x95, 0x38, //           Report Count (56)
  0x82, 0x02, 0x01, //     Input (Data, Variable, Absolute, Buffered Bytes)
  0x06, 0x00, 0xff, //     Usage Page (Vendor Defined 0xFF00)
  0x09, 0x01, //           Usage (vendor code id)
  0x09, 0x02, //           Usage (reserved)
  0x95, 0x02, //           Report Count (2)
  0x81, 0x02, //           Input (Data, Variable, Absolute)
  0x05, 0x8c, //           Usage Page (Barcode Scanner)
  0x09, 0xff, //           Usage (Decode Data Continued)
  0x25, 0x01, //           Logical Maximum (1)
  0x75, 0x01, //           Report Size (1)
  0x95, 0x01, //           Report Count (1)
  0x81, 0x02, //           Input (Data, Variable, Absolute)
  0x75, 0x07, //           Report Size (7)
  0x81, 0x03, //           Input (Constant): padding to the byte
  0xc0, //                 End Collection
  0xc0, //               End Collection
);

export interface DescriptorSummary {
  /** Usage page and usage of the first application collection. */
  application: { usagePage: number; usage: number } | undefined;
  /** Input bits per report id (without the id byte). */
  inputBits: Map<number, number>;
}

/** Walks short items (global Usage Page, Report Size/Count/ID; local Usage; main Input/Collection). */
export function inputReportBits(descriptor: Uint8Array): DescriptorSummary {
  const inputBits = new Map<number, number>();
  let usagePage = 0;
  let reportSize = 0;
  let reportCount = 0;
  let reportId = 0;
  let lastUsage = 0;
  let application: DescriptorSummary['application'];
  for (let i = 0; i < descriptor.length; ) {
    const prefix = descriptor[i]!;
    if (prefix === 0xfe) throw new RangeError('long items are not used by HID POS descriptors');
    const size = [0, 1, 2, 4][prefix & 0x03]!;
    if (i + 1 + size > descriptor.length) throw new RangeError(`item at ${i} runs past the end`);
    let value = 0;
    for (let k = size; k >= 1; k--) value = value * 256 + descriptor[i + k]!;
    const tag = prefix & 0xfc;
    if (tag === 0x04) usagePage = value;
    else if (tag === 0x74) reportSize = value;
    else if (tag === 0x94) reportCount = value;
    else if (tag === 0x84) reportId = value;
    else if (tag === 0x08) lastUsage = value;
    else if (tag === 0xa0 && value === 0x01 && !application) application = { usagePage, usage: lastUsage };
    else if (tag === 0x80) inputBits.set(reportId, (inputBits.get(reportId) ?? 0) + reportSize * reportCount);
    i += 1 + size;
  }
  return { application, inputBits };
}
