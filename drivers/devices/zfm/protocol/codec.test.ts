import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameError } from '../../../core/errors';
import {
  ackPacket,
  commands,
  encodeSystemParameters,
  parseAck,
  parseCommand,
  parseSystemParameters,
} from './commands';
import { Confirmation, confirmationError, describeConfirmation, PROMPT_PLACE_FINGER } from './confirmation';
import { frames } from './frames';
import { packNibbles, splitIntoDataPackets, unpackNibbles, ZFM_IMAGE_PACKED_BYTES } from './image';
import { decodePacket, encodePacket, PacketId } from './packet';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('ZFM packet codec against reference frames', () => {
  it('encodes the host commands byte for byte', () => {
    assert.equal(hexOf(encodePacket(commands.genImg())), hexOf(frames.genImgCommand));
    assert.equal(hexOf(encodePacket(commands.upImage())), hexOf(frames.upImageCommand));
    assert.equal(hexOf(encodePacket(commands.readSysPara())), hexOf(frames.readSysParaCommand));
    assert.equal(hexOf(encodePacket(commands.vfyPwd(0))), hexOf(frames.vfyPwdDefaultCommand));
    assert.equal(hexOf(encodePacket(commands.handshake())), hexOf(frames.handshakeCommand));
    assert.equal(hexOf(encodePacket(commands.getEcho())), hexOf(frames.getEchoCommand));
  });

  it('encodes module acknowledgements byte for byte', () => {
    assert.equal(hexOf(encodePacket(ackPacket(Confirmation.ok))), hexOf(frames.ackOk));
    assert.equal(hexOf(encodePacket(ackPacket(Confirmation.noFinger))), hexOf(frames.ackNoFinger));
    assert.equal(hexOf(encodePacket(ackPacket(Confirmation.wrongPassword))), hexOf(frames.ackWrongPassword));
  });

  it('decodes commands and acknowledgements', () => {
    const genImg = parseCommand(decodePacket(frames.genImgCommand));
    assert.equal(genImg.instruction, 0x01);
    assert.equal(genImg.params.length, 0);
    const vfy = parseCommand(decodePacket(frames.vfyPwdDefaultCommand));
    assert.equal(vfy.instruction, 0x13);
    assert.deepEqual([...vfy.params], [0, 0, 0, 0]);
    assert.equal(parseAck(decodePacket(frames.ackNoFinger)).code, 0x02);
    assert.equal(parseAck(decodePacket(frames.ackImageFail)).code, 0x03);
    const end = decodePacket(frames.endDataSample);
    assert.equal(end.pid, PacketId.endData);
    assert.deepEqual([...end.payload], [0x12, 0x34]);
  });

  it('decodes the ReadSysPara answer field by field', () => {
    const ack = parseAck(decodePacket(frames.ackSystemParameters));
    assert.equal(ack.code, 0);
    const p = parseSystemParameters(ack.data);
    assert.deepEqual(p, {
      statusRegister: 0,
      systemId: 0,
      librarySize: 162,
      securityLevel: 3,
      address: 0xffffffff,
      packetSizeCode: 2,
      baudMultiplier: 6,
    });
    assert.equal(
      hexOf(encodePacket(ackPacket(0, encodeSystemParameters(p)))),
      hexOf(frames.ackSystemParameters),
    );
  });

  it('rejects malformed single packets with typed FrameErrors', () => {
    const badChecksum = Uint8Array.from(frames.ackOk);
    badChecksum[badChecksum.length - 1] = 0x0b;
    const code = (bytes: Uint8Array) => {
      try {
        decodePacket(bytes);
        return 'none';
      } catch (error) {
        assert.ok(error instanceof FrameError);
        return error.code;
      }
    };
    assert.equal(code(badChecksum), 'BAD_CHECKSUM');
    assert.equal(code(frames.ackOk.subarray(0, 10)), 'TRUNCATED');
    assert.equal(code(Uint8Array.from([0xee, ...frames.ackOk.subarray(1)])), 'BAD_HEADER');
    const badPid = Uint8Array.from(frames.ackOk);
    badPid[6] = 0x05;
    assert.equal(code(badPid), 'BAD_HEADER');
    const huge = Uint8Array.from(frames.ackOk);
    huge[7] = 0x10; // length 0x1003
    assert.equal(code(huge), 'TOO_LARGE');
    const tiny = Uint8Array.from(frames.ackOk);
    tiny[8] = 0x01;
    assert.equal(code(tiny), 'BAD_LENGTH');
  });
});

describe('ZFM confirmation codes', () => {
  it('maps no finger to the French operator prompt', () => {
    const error = confirmationError(0x02, 'GenImg');
    assert.equal(error.kind, 'operator');
    assert.equal(error.code, 'ZFM_NO_FINGER');
    assert.equal(error.prompt, PROMPT_PLACE_FINGER);
    assert.equal(error.protocolStatus, '0x02');
    assert.equal(error.toPayload().code, 'OPERATOR_RETRY');
  });

  it('maps device faults and unknown codes to non-operator errors', () => {
    assert.equal(confirmationError(0x01, 'GenImg').kind, 'protocol');
    assert.equal(confirmationError(0x0f, 'UpImage').code, 'ZFM_UPLOAD_IMAGE_FAIL');
    assert.equal(confirmationError(0x0f, 'UpImage').kind, 'fatal');
    assert.equal(confirmationError(0x13, 'VfyPwd').code, 'ZFM_WRONG_PASSWORD');
    assert.equal(confirmationError(0x03, 'GenImg').kind, 'operator');
    const unknown = confirmationError(0x77, 'GenImg');
    assert.equal(unknown.code, 'ZFM_UNKNOWN_CONFIRMATION');
    assert.equal(unknown.protocolStatus, '0x77');
    assert.match(describeConfirmation(0x02), /no finger/);
  });
});

describe('ZFM image codec', () => {
  it('unpacks high nibble first and scales 4-bit to 8-bit', () => {
    const pixels = unpackNibbles(Uint8Array.of(0xf0, 0x1e), 4, 1);
    assert.deepEqual([...pixels], [0xff, 0x00, 0x11, 0xee]);
    assert.deepEqual([...packNibbles(pixels)], [0xf0, 0x1e]);
  });

  it('rejects an image of the wrong size', () => {
    assert.throws(() => unpackNibbles(new Uint8Array(ZFM_IMAGE_PACKED_BYTES - 1)), FrameError);
  });

  it('splits 36,864 bytes into 288 packets of 128, the last one end-of-data', () => {
    const packets = splitIntoDataPackets(new Uint8Array(ZFM_IMAGE_PACKED_BYTES), 128);
    assert.equal(packets.length, 288);
    assert.ok(packets.slice(0, -1).every((p) => p.pid === PacketId.data && p.payload.length === 128));
    assert.equal(packets.at(-1)?.pid, PacketId.endData);
  });
});
