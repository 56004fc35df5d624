import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ByteStream } from '../../core/transport';
import { createBytePipe } from '../../transports/byte-pipe';
import { commands } from './protocol/commands';
import { ZfmFrameDecoder } from './protocol/decoder';
import { frames } from './protocol/frames';
import { encodePacket, PacketId } from './protocol/packet';
import { ZfmSimulator } from './simulator';

/** Sends raw bytes to the simulator and resolves with the next `count` raw frames it answers. */
function exchange(host: ByteStream, bytes: Uint8Array, count = 1): Promise<Uint8Array[]> {
  const decoder = new ZfmFrameDecoder();
  const out: Uint8Array[] = [];
  return new Promise((resolve) => {
    const off = host.onData((chunk) => {
      for (const e of decoder.push(chunk)) if (e.type === 'packet') out.push(e.raw);
      if (out.length >= count) {
        off();
        resolve(out.slice(0, count));
      }
    });
    void host.write(bytes);
  });
}

const hexOf = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');

describe('ZFM simulator, byte level', () => {
  it('answers the reference frames with the reference frames', async () => {
    const [host, device] = createBytePipe();
    new ZfmSimulator(device, { fingerPlaced: false });
    assert.equal(hexOf((await exchange(host, frames.genImgCommand))[0]), hexOf(frames.ackNoFinger));
    assert.equal(
      hexOf((await exchange(host, frames.readSysParaCommand))[0]),
      hexOf(frames.ackSystemParameters),
    );
    assert.equal(hexOf((await exchange(host, frames.handshakeCommand))[0]), hexOf(frames.ackOk));
    assert.equal(hexOf((await exchange(host, frames.vfyPwdDefaultCommand))[0]), hexOf(frames.ackOk));
    await host.close();
  });

  it('answers a corrupted command with confirmation 0x01 and UpImage without image with 0x15', async () => {
    const [host, device] = createBytePipe();
    new ZfmSimulator(device);
    const corrupted = Uint8Array.from(frames.genImgCommand);
    corrupted[corrupted.length - 1] = corrupted.at(-1)! ^ 1;
    const [answer] = await exchange(host, corrupted);
    assert.equal(answer?.[9], 0x01);
    const [noImage] = await exchange(host, frames.upImageCommand);
    assert.equal(noImage?.[9], 0x15);
    await host.close();
  });

  it('streams UpImage as 288 data packets of 128 bytes after the ack, the last with PID 0x08', async () => {
    const [host, device] = createBytePipe();
    new ZfmSimulator(device, { fingerPlaced: true });
    await exchange(host, frames.genImgCommand);
    const answer = await exchange(host, frames.upImageCommand, 289);
    assert.equal(hexOf(answer[0]), hexOf(frames.ackOk));
    const data = answer.slice(1);
    assert.ok(data.slice(0, -1).every((f) => f[6] === PacketId.data && f.length === 9 + 128 + 2));
    assert.equal(data.at(-1)?.[6], PacketId.endData);
    await host.close();
  });

  it('ignores commands addressed to another module', async () => {
    const [host, device] = createBytePipe();
    const simulator = new ZfmSimulator(device, { address: 0x01020304 });
    const seen: number[] = [];
    simulator.on('command', (c) => seen.push(c.instruction));
    // The handshake to FFFFFFFF gets no answer: the first answer is the one to ReadSysPara.
    const both = Uint8Array.from([
      ...frames.handshakeCommand,
      ...encodePacket(commands.readSysPara(0x01020304)),
    ]);
    const [answer] = await exchange(host, both);
    assert.equal(answer?.length, 9 + 17 + 2);
    assert.deepEqual([...(answer ?? []).subarray(2, 6)], [1, 2, 3, 4]);
    assert.deepEqual(seen, [0x0f]);
    await host.close();
  });
});
