/** Codec tests against the named reference frames (fixtures/frames.ts): decode, re-encode, reject. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameError } from '../../../core/errors';
import { stuProfiles } from '../descriptor';
import * as F from '../fixtures/frames';
import {
  capabilityProblems,
  clearScreenCodec,
  decodeCapability,
  decodeEserial,
  decodeHidInformation,
  decodeInformation,
  decodeUid,
  decodeWritingArea,
  defaultInkThreshold,
  encodeCapability,
  encodeEserial,
  encodeHidInformation,
  encodeInformation,
  encodeInkThreshold,
  encodeUid,
  encodeWritingArea,
  endImageDataCodec,
  formatFirmware,
  inkingModeCodec,
  isValidWritingArea,
  penDataOptionModeCodec,
  resetCodec,
} from './feature-reports';
import {
  decodeImageDataBlock,
  EncodingMode,
  encodeImageDataBlock,
  encodePixels,
  encodeStartImageData,
  imageBlocks,
  imageByteLength,
} from './image';
import {
  decodePenReport,
  encodePenData,
  encodePenDataOption,
  encodePenDataTimeCountSequence,
} from './pen-data';
import { ReportId } from './report-ids';
import { decodeStatus, encodeStatus, ResultCode, resultName, StatusCode, statusAllows } from './status';

const frameError = (code: FrameError['code']) => (e: unknown) => e instanceof FrameError && e.code === code;

describe('STU feature report codecs', () => {
  it('decodes and re-encodes Information', () => {
    const info = decodeInformation(F.STU540_INFORMATION);
    assert.equal(info.modelName, 'STU-540');
    assert.equal(formatFirmware(info), '1.0b');
    assert.deepEqual(encodeInformation(info), F.STU540_INFORMATION);
  });

  it('decodes Capability (big-endian) and matches the model profiles', () => {
    const cap = decodeCapability(F.STU540_CAPABILITY);
    assert.deepEqual(cap, stuProfiles['STU-540'].capability);
    assert.deepEqual(decodeCapability(F.STU430_CAPABILITY), stuProfiles['STU-430'].capability);
    assert.deepEqual(encodeCapability(cap), F.STU540_CAPABILITY);
    assert.deepEqual(capabilityProblems(cap), []);
    assert.ok(capabilityProblems({ ...cap, tabletMaxX: 0 }).length > 0);
  });

  it('decodes HidInformation, Uid, eSerial', () => {
    assert.deepEqual(decodeHidInformation(F.STU540_HID_INFORMATION), {
      vendorId: 0x056a,
      productId: 0x00a8,
      bcdDevice: 0x0110,
    });
    assert.deepEqual(
      encodeHidInformation({ vendorId: 0x056a, productId: 0x00a8, bcdDevice: 0x0110 }),
      F.STU540_HID_INFORMATION,
    );
    assert.equal(decodeUid(F.UID_1A2B3C4D), 0x1a2b3c4d);
    assert.deepEqual(encodeUid(0x1a2b3c4d), F.UID_1A2B3C4D);
    assert.equal(decodeEserial(F.STU540_ESERIAL), '5407A00123');
    assert.deepEqual(encodeEserial('5407A00123'), F.STU540_ESERIAL);
  });

  it('encodes one-byte commands, ink threshold and the writing area (little-endian)', () => {
    assert.deepEqual(resetCodec.encode(0), F.SET_RESET_SOFT);
    assert.deepEqual(clearScreenCodec.encode(0), F.SET_CLEAR_SCREEN);
    assert.deepEqual(inkingModeCodec.encode(1), F.SET_INKING_ON);
    assert.deepEqual(penDataOptionModeCodec.encode(3), F.SET_PEN_DATA_OPTION_MODE_3);
    assert.deepEqual(endImageDataCodec.encode(0), F.SET_END_IMAGE_DATA_COMMIT);
    assert.deepEqual(encodeInkThreshold(defaultInkThreshold), F.SET_INK_THRESHOLD_DEFAULT);
    const full = { upperLeftX: 0, upperLeftY: 0, lowerRightX: 799, lowerRightY: 479 };
    assert.deepEqual(encodeWritingArea(full), F.SET_WRITING_AREA_540_FULL);
    assert.deepEqual(decodeWritingArea(F.SET_WRITING_AREA_540_FULL), full);
    assert.ok(isValidWritingArea(full, 800, 480));
    assert.ok(!isValidWritingArea({ ...full, lowerRightX: 800 }, 800, 480));
    assert.ok(!isValidWritingArea({ ...full, upperLeftY: 480 }, 800, 480));
    assert.throws(() => inkingModeCodec.encode(2), RangeError);
    assert.throws(() => inkingModeCodec.decode(Uint8Array.of(0x21, 2)), frameError('UNEXPECTED'));
  });

  it('rejects a wrong id, a truncated and an oversized report', () => {
    assert.throws(() => decodeInformation(F.STU540_CAPABILITY), frameError('BAD_HEADER'));
    assert.throws(() => decodeCapability(F.STU540_CAPABILITY.subarray(0, 16)), frameError('TRUNCATED'));
    assert.throws(
      () => decodeCapability(Uint8Array.from([...F.STU540_CAPABILITY, 0])),
      frameError('TOO_LARGE'),
    );
    assert.throws(() => decodeUid(new Uint8Array(0)), frameError('TRUNCATED'));
    const badName = Uint8Array.from(F.STU540_INFORMATION);
    badName[2] = 0x07;
    assert.throws(() => decodeInformation(badName), frameError('UNEXPECTED'));
  });
});

describe('STU status and allow-table', () => {
  it('decodes status frames', () => {
    assert.deepEqual(decodeStatus(F.STATUS_READY), {
      statusCode: StatusCode.Ready,
      lastResultCode: 0,
      statusWord: 0,
    });
    assert.equal(decodeStatus(F.STATUS_IMAGE).statusCode, StatusCode.Image);
    assert.equal(decodeStatus(F.STATUS_SYSTEM_RESET).statusCode, StatusCode.SystemReset);
    const wrong = decodeStatus(F.STATUS_READY_WRONG_STATE);
    assert.equal(resultName(wrong.lastResultCode), 'WrongState');
    assert.deepEqual(encodeStatus(wrong), F.STATUS_READY_WRONG_STATE);
    assert.throws(() => decodeStatus(Uint8Array.of(0x03, 0x42, 0, 0, 0)), frameError('UNEXPECTED'));
    assert.equal(resultName(0x91), 'Internal(0x91)');
  });

  it('follows the SDK allow-table', () => {
    const { Ready, Image, Capture, SystemReset, RomBusy } = StatusCode;
    assert.ok(statusAllows(Ready, ReportId.StartImageData, 'set'));
    assert.ok(!statusAllows(Image, ReportId.StartImageData, 'set'));
    assert.ok(statusAllows(Image, ReportId.ImageDataBlock, 'set'));
    assert.ok(!statusAllows(Ready, ReportId.ImageDataBlock, 'set'));
    assert.ok(!statusAllows(Ready, ReportId.EndImageData, 'set'));
    assert.ok(!statusAllows(Capture, ReportId.ClearScreen, 'set'));
    assert.ok(statusAllows(Capture, ReportId.EndCapture, 'set'));
    assert.ok(!statusAllows(Ready, ReportId.EndCapture, 'set'));
    assert.ok(statusAllows(RomBusy, ReportId.InkingMode, 'set'));
    assert.ok(!statusAllows(RomBusy, ReportId.HandwritingDisplayArea, 'set'));
    for (const id of [ReportId.Reset, ReportId.InkingMode, ReportId.ClearScreen])
      assert.ok(!statusAllows(SystemReset, id, 'set'));
    assert.ok(statusAllows(Ready, ReportId.Status, 'get'));
    assert.throws(() => statusAllows(Ready, ReportId.PenData, 'set'), RangeError);
    assert.equal(ResultCode.GraphicsWrongEncodingType, 0x10);
  });
});

describe('STU pen reports', () => {
  it('decodes PenData (tip down and hover) and re-encodes it', () => {
    const down = decodePenReport(F.PEN_DATA_TIP_DOWN);
    assert.deepEqual(down, { kind: 'pen', sample: { rdy: true, sw: 1, pressure: 500, x: 4800, y: 3000 } });
    assert.deepEqual(
      encodePenData({ rdy: true, sw: 1, pressure: 500, x: 4800, y: 3000 }),
      F.PEN_DATA_TIP_DOWN,
    );
    const hover = decodePenReport(F.PEN_DATA_HOVER);
    assert.deepEqual(hover, { kind: 'pen', sample: { rdy: true, sw: 0, pressure: 0, x: 100, y: 200 } });
  });

  it('decodes PenDataTimeCountSequence and PenDataOption', () => {
    const timed = decodePenReport(F.PEN_TIMED_NEAR_WRAP);
    assert.deepEqual(timed, {
      kind: 'pen-timed',
      sample: { rdy: true, sw: 1, pressure: 256, x: 1000, y: 2000, timeCount: 65534, sequence: 7 },
    });
    assert.deepEqual(
      encodePenDataTimeCountSequence({
        rdy: true,
        sw: 1,
        pressure: 256,
        x: 1000,
        y: 2000,
        timeCount: 65534,
        sequence: 7,
      }),
      F.PEN_TIMED_NEAR_WRAP,
    );
    assert.deepEqual(decodePenReport(F.PEN_OPTION_MAX), {
      kind: 'pen-option',
      sample: { rdy: true, sw: 1, pressure: 1023, x: 9600, y: 6000 },
      option: 0x1234,
    });
    assert.deepEqual(
      encodePenDataOption({ rdy: true, sw: 1, pressure: 1023, x: 9600, y: 6000 }, 0x1234),
      F.PEN_OPTION_MAX,
    );
  });

  it('rejects unknown, truncated and oversized pen reports', () => {
    assert.throws(() => decodePenReport(Uint8Array.of(0x33, 0, 0)), frameError('BAD_HEADER'));
    assert.throws(() => decodePenReport(F.PEN_TIMED_NEAR_WRAP.subarray(0, 10)), frameError('TRUNCATED'));
    assert.throws(() => decodePenReport(Uint8Array.from([...F.PEN_DATA_HOVER, 0])), frameError('TOO_LARGE'));
    assert.throws(() => decodePenReport(new Uint8Array(0)), frameError('TRUNCATED'));
    assert.throws(() => encodePenData({ rdy: true, sw: 8, pressure: 0, x: 0, y: 0 }), RangeError);
    assert.throws(() => encodePenData({ rdy: true, sw: 0, pressure: 4096, x: 0, y: 0 }), RangeError);
  });
});

describe('STU image upload codecs', () => {
  it('encodes StartImageData and splits image data into 253-byte blocks', () => {
    assert.deepEqual(encodeStartImageData(EncodingMode.TwentyFourBit), F.SET_START_IMAGE_DATA_24BIT);
    const data = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
    const blocks = imageBlocks(data);
    assert.equal(blocks.length, 3);
    assert.ok(blocks.every((b) => b.length === 256 && b[0] === 0x26));
    assert.deepEqual(Array.from(blocks[0]?.subarray(1, 3) ?? []), [253, 0]);
    assert.deepEqual(Array.from(blocks[2]?.subarray(1, 3) ?? []), [94, 0]);
    const back = Buffer.concat(blocks.map((b) => decodeImageDataBlock(b)));
    assert.deepEqual(new Uint8Array(back), data);
  });

  it('rejects empty, oversized and inconsistent blocks', () => {
    assert.throws(() => encodeImageDataBlock(new Uint8Array(0)), RangeError);
    assert.throws(() => encodeImageDataBlock(new Uint8Array(254)), RangeError);
    const block = encodeImageDataBlock(Uint8Array.of(1, 2, 3));
    block[1] = 254;
    assert.throws(() => decodeImageDataBlock(block), frameError('BAD_LENGTH'));
  });

  it('encodes pixels: 24-bit BGR, 16-bit 565 LE, 1-bit MSB-first', () => {
    const rgb = Uint8Array.of(255, 0, 0, 0, 0, 0, 255, 255, 255, 0, 255, 0);
    assert.deepEqual(
      Array.from(encodePixels(rgb, 4, 1, EncodingMode.TwentyFourBit).subarray(0, 6)),
      [0, 0, 255, 0, 0, 0],
    );
    assert.deepEqual(
      Array.from(encodePixels(rgb, 4, 1, EncodingMode.SixteenBit565).subarray(0, 2)),
      [0x00, 0xf8],
    );
    // Dark pixels: red (luma 76) and black are ink, white is not, green (luma 150) is not.
    assert.deepEqual(Array.from(encodePixels(rgb, 4, 1, EncodingMode.OneBit)), [0b1100_0000]);
    assert.equal(imageByteLength(EncodingMode.TwentyFourBit, 800, 480), 1_152_000);
    assert.equal(imageByteLength(EncodingMode.OneBit, 320, 200), 8000);
  });
});
