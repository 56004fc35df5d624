import assert from 'node:assert/strict';
import { once } from 'node:events';
import { afterEach, describe, it } from 'node:test';
import { DeviceError } from '../../core/errors';
import { ProtocolTrace } from '../../core/trace';
import { createBytePipe } from '../../transports/byte-pipe';
import { ZfmDriver, type ZfmDriverOptions } from './driver';
import { syntheticFingerprint } from './fixtures/synthetic-fingerprint';
import { Instruction } from './protocol/commands';
import { Confirmation, PROMPT_PLACE_FINGER } from './protocol/confirmation';
import { packNibbles, unpackNibbles } from './protocol/image';
import { ZfmSimulator, type ZfmSimulatorOptions } from './simulator';

const open: ZfmDriver[] = [];

function setup(sim: ZfmSimulatorOptions = {}, driver: ZfmDriverOptions = {}) {
  // Random chunking exercises the streaming decoder on every test.
  const [host, device] = createBytePipe('pipe:zfm', 'pipe:zfm-device', { maxChunk: 97, seed: 5 });
  const simulator = new ZfmSimulator(device, sim);
  const zfm = new ZfmDriver(host, { pollIntervalMs: 10, answerTimeoutMs: 500, ...driver });
  open.push(zfm);
  return { simulator, zfm, host };
}

async function rejection(promise: Promise<unknown>): Promise<DeviceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DeviceError, `expected a DeviceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

afterEach(async () => {
  for (const d of open.splice(0)) await d.close().catch(() => undefined);
});

describe('ZFM driver against the byte-level simulator', () => {
  it('identifies the module from ReadSysPara', async () => {
    const { zfm } = setup({ librarySize: 300, securityLevel: 4, packetSizeCode: 1, baudMultiplier: 12 });
    const id = await zfm.identify();
    assert.equal(id.model, 'zfm-r30x');
    assert.equal(id.transportPath, 'pipe:zfm');
    assert.equal(id.parameters.librarySize, 300);
    assert.equal(id.parameters.securityLevel, 4);
    assert.equal(id.parameters.address, 0xffffffff);
    assert.equal(id.packetSizeBytes, 64);
    assert.equal(id.baudRate, 115_200);
  });

  it('passes its self-test (handshake, password, parameters), also on GetEcho-only firmware', async () => {
    const { zfm, simulator } = setup();
    const result = await zfm.selfTest();
    assert.equal(result.passed, true);
    assert.deepEqual(
      result.checks.map((c) => c.name),
      ['handshake', 'password', 'system-parameters'],
    );
    simulator.injectConfirmation(Instruction.handshake, Confirmation.packetError);
    const echo = await zfm.selfTest();
    assert.equal(echo.passed, true);
    assert.match(echo.checks[0]?.detail ?? '', /GetEcho/);
  });

  it('fails the self-test password check when the module has another password', async () => {
    const { zfm } = setup({ password: 0x1234 });
    const result = await zfm.selfTest();
    assert.equal(result.passed, false);
    assert.equal(result.checks.find((c) => c.name === 'password')?.passed, false);
    assert.match(result.checks.find((c) => c.name === 'password')?.detail ?? '', /ZFM_WRONG_PASSWORD/);
  });

  it('works with a password-protected module when given the password', async () => {
    const { zfm } = setup({ password: 0xcafe, fingerPlaced: true }, { password: 0xcafe });
    await zfm.identify();
    const capture = await zfm.capture();
    assert.equal(capture.image.width, 256);
  });

  it('captures a 256×288 500 ppi image whose pixels are the module image at 4-bit depth', async () => {
    const image = syntheticFingerprint({ width: 256, height: 288, seed: 99 });
    const { zfm } = setup({ fingerPlaced: true, image });
    const progress: number[] = [];
    const capture = await zfm.capture({ finger: 'right-index', onProgress: (_label, f) => progress.push(f) });
    assert.equal(capture.image.width, 256);
    assert.equal(capture.image.height, 288);
    assert.equal(capture.image.ppi, 500);
    assert.equal(capture.finger, 'right-index');
    assert.deepEqual(capture.image.pixels, unpackNibbles(packNibbles(image)));
    assert.equal(progress.at(-1), 1);
    assert.ok(
      progress.every((f, i) => i === 0 || f >= progress[i - 1]!),
      'progress never goes back',
    );
  });

  it('prompts "Posez le doigt sur le capteur" while no finger, then succeeds once the finger is placed', async () => {
    const { zfm, simulator } = setup({ fingerPlaced: false });
    const prompts: DeviceError[] = [];
    const capture = await zfm.capture({
      onPrompt: (prompt) => {
        prompts.push(prompt);
        simulator.placeFinger();
      },
    });
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0]?.kind, 'operator');
    assert.equal(prompts[0]?.code, 'ZFM_NO_FINGER');
    assert.equal(prompts[0]?.prompt, PROMPT_PLACE_FINGER);
    assert.equal(capture.image.pixels.length, 256 * 288);
  });

  it('maps confirmation codes: image fail is a prompt, packet error and upload failure are errors', async () => {
    const { zfm, simulator } = setup({ fingerPlaced: true });
    simulator.injectConfirmation(Instruction.genImg, Confirmation.enrollFail);
    const prompts: string[] = [];
    await zfm.capture({ onPrompt: (p) => prompts.push(p.code) });
    assert.deepEqual(prompts, ['ZFM_IMAGE_FAIL']);

    simulator.injectConfirmation(Instruction.genImg, Confirmation.packetError);
    const packet = await rejection(zfm.capture());
    assert.equal(packet.kind, 'protocol');
    assert.equal(packet.code, 'ZFM_PACKET_ERROR');
    assert.equal(packet.protocolStatus, '0x01');

    simulator.injectConfirmation(Instruction.upImage, Confirmation.uploadImageFail);
    const upload = await rejection(zfm.capture());
    assert.equal(upload.kind, 'fatal');
    assert.equal(upload.code, 'ZFM_UPLOAD_IMAGE_FAIL');

    const wrong = setup({ password: 7 });
    const password = await rejection(wrong.zfm.identify());
    assert.equal(password.code, 'ZFM_WRONG_PASSWORD');
  });

  it('times out when no finger comes, and stays usable', async () => {
    const { zfm, simulator } = setup({ fingerPlaced: false });
    const error = await rejection(zfm.capture({ timeoutMs: 250 }));
    assert.equal(error.kind, 'timeout');
    assert.equal(error.code, 'CAPTURE_TIMEOUT');
    simulator.placeFinger();
    assert.equal((await zfm.capture()).image.height, 288);
  });

  it('reports a hung module as ZFM_NO_ANSWER and ignores its late answer afterwards', async () => {
    const { zfm, simulator } = setup({}, { answerTimeoutMs: 150 });
    simulator.ignoreNextCommands(1);
    const error = await rejection(zfm.identify());
    assert.equal(error.kind, 'timeout');
    assert.equal(error.code, 'ZFM_NO_ANSWER');
    assert.equal((await zfm.identify()).parameters.librarySize, 162);
  });

  it('tolerates slow answers within the deadline and times out beyond it', async () => {
    const { zfm } = setup({ responseDelayMs: 40 }, { answerTimeoutMs: 400 });
    assert.equal((await zfm.identify()).packetSizeBytes, 128);
    const slow = setup({ responseDelayMs: 300 }, { answerTimeoutMs: 100 });
    assert.equal((await rejection(slow.zfm.identify())).code, 'ZFM_NO_ANSWER');
  });

  it('reports a corrupted answer as a protocol error and recovers on the next operation', async () => {
    const { zfm, simulator } = setup();
    simulator.corruptNextPackets(1);
    const error = await rejection(zfm.identify());
    assert.equal(error.kind, 'protocol');
    assert.equal(error.code, 'ZFM_BAD_FRAME');
    assert.equal(error.protocolStatus, 'BAD_CHECKSUM');
    assert.equal((await zfm.identify()).parameters.securityLevel, 3);
  });

  it('cancels a capture waiting for a finger (driver.cancel and AbortSignal), then captures again', async () => {
    const { zfm, simulator } = setup({ fingerPlaced: false });
    const cancelled = await rejection(zfm.capture({ onPrompt: () => zfm.cancel() }));
    assert.equal(cancelled.kind, 'cancelled');
    const controller = new AbortController();
    const aborted = await rejection(
      zfm.capture({ signal: controller.signal, onPrompt: () => controller.abort() }),
    );
    assert.equal(aborted.kind, 'cancelled');
    simulator.placeFinger();
    assert.equal((await zfm.capture()).image.width, 256);
  });

  it('cancels in the middle of the image upload and drains the stale data before the next capture', async () => {
    const { zfm, simulator } = setup({ fingerPlaced: true });
    simulator.on('dataPacket', (index) => {
      if (index === 40) zfm.cancel();
    });
    const error = await rejection(zfm.capture());
    assert.equal(error.kind, 'cancelled');
    simulator.removeAllListeners('dataPacket');
    const capture = await zfm.capture();
    assert.equal(capture.image.pixels.length, 256 * 288);
  });

  it('UNPLUG DURING CAPTURE: rejects with disconnected, closes the driver, tells listeners', async () => {
    const { zfm, simulator } = setup({ fingerPlaced: true });
    const disconnected = new Promise<DeviceError>((resolve) => zfm.onDisconnect(resolve));
    simulator.on('dataPacket', (index) => {
      if (index === 100) simulator.unplug();
    });
    const error = await rejection(zfm.capture());
    assert.equal(error.kind, 'disconnected');
    assert.equal(error.code, 'ZFM_DISCONNECTED');
    assert.equal((await disconnected).kind, 'disconnected');
    assert.equal(zfm.closed, true);
    assert.equal((await rejection(zfm.identify())).kind, 'disconnected');
  });

  it('unplug while waiting for a finger also ends in disconnected', async () => {
    const { zfm, simulator } = setup({ fingerPlaced: false });
    const error = await rejection(zfm.capture({ onPrompt: () => simulator.unplug() }));
    assert.equal(error.kind, 'disconnected');
  });

  it('traces the protocol with image data masked', async () => {
    const trace = new ProtocolTrace(1000);
    trace.enabled = true;
    const { zfm } = setup({ fingerPlaced: true }, { trace });
    await zfm.capture();
    const entries = trace.snapshot();
    assert.ok(entries.some((e) => e.direction === 'out' && e.hex === 'ef01ffffffff010003010005'));
    const data = entries.filter((e) => e.note === 'image data');
    assert.equal(data.length, 288);
    assert.ok(data.every((e) => e.hex.endsWith('…masked') && e.hex.length < 20));
  });

  it('serialises concurrent operations', async () => {
    const { zfm } = setup({ fingerPlaced: true });
    const [a, b, c] = await Promise.all([zfm.identify(), zfm.capture(), zfm.selfTest()]);
    assert.equal(a.parameters.librarySize, 162);
    assert.equal(b.image.width, 256);
    assert.equal(c.passed, true);
  });

  it('reset resynchronises the line after garbage and checks the module answers', async () => {
    const { zfm, host, simulator } = setup();
    const frameError = once(simulator, 'frameError');
    await host.write(
      Uint8Array.from([0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00, 0x03, 0x01, 0x00, 0x99]),
    );
    await frameError;
    await zfm.reset();
    assert.equal((await zfm.identify()).parameters.librarySize, 162);
  });
});
