import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { parseFingerImageRecord } from '../../../models/fingerprint/formats/iso19794-4';
import { encodeWsq } from '../../../models/fingerprint/wsq';
import { encodeJpeg2000 } from '../../../models/imaging/jpeg2000';
import { DeviceError } from '../../core/errors';
import { syntheticFingerprint } from '../zfm/fixtures/synthetic-fingerprint';
import { SbiClient } from './client';
import { type SbiDriverOptions, SbiFingerprintDriver } from './driver';
import { createDeviceIdentity } from './sim/device-keys';
import { type SbiSimulator, type SbiSimulatorOptions, serveSbi } from './simulator';

const running: SbiSimulator[] = [];
/** One test device key for the whole file (RSA key generation is the slow part of a simulator start). */
const identity = createDeviceIdentity();

async function setup(sim: SbiSimulatorOptions = {}, driver: Partial<SbiDriverOptions> = {}) {
  const simulator = await serveSbi({ port: 0, identity, ...sim });
  running.push(simulator);
  const sbi = new SbiFingerprintDriver({
    port: simulator.port,
    promptAfterMs: 300,
    busyRetryMs: 300,
    ...driver,
  });
  return { simulator, sbi };
}

/** A port with nothing listening (bound then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
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
  for (const s of running.splice(0)) await s.close();
});

describe('SBI client and driver against the SBI simulator', () => {
  it('discovers devices over a port range, skipping closed ports', async () => {
    const a = await serveSbi({ port: 0, identity, deviceId: 'A', serialNo: 'SERIAL-A' });
    const b = await serveSbi({ port: 0, identity, deviceId: 'B', serialNo: 'SERIAL-B', status: 'Busy' });
    running.push(a, b);
    const closed = [await freePort(), await freePort()];
    const found = await new SbiClient().discover({ ports: [closed[0]!, a.port, closed[1]!, b.port] });
    assert.deepEqual(
      found.map((f) => [
        f.port,
        f.devices[0]?.deviceId,
        f.devices[0]?.deviceStatus,
        f.devices[0]?.error?.errorCode,
      ]),
      [
        [a.port, 'A', 'Ready', '0'],
        [b.port, 'B', 'Busy', '111'],
      ].sort((x, y) => Number(x[0]) - Number(y[0])),
    );
    const faces = await new SbiClient().discover({ ports: [a.port], type: 'Face' });
    assert.deepEqual(faces, []);
  });

  it('identifies the device from signed device info and digital id', async () => {
    const { sbi, simulator } = await setup({
      serialNo: 'RCL-123456789',
      make: 'Acme',
      model: 'FP-1',
      firmware: '2.3',
    });
    const id = await sbi.identify();
    assert.equal(id.model, 'Acme FP-1');
    assert.equal(id.serialNumber, 'RCL-123456789');
    assert.equal(id.firmware, '2.3');
    assert.equal(id.signed, true);
    assert.equal(id.certificateThumbprint, simulator.identity.certificate.fingerprint256);
    assert.equal(id.transportPath, `http://127.0.0.1:${simulator.port}`);
  });

  it('self-test passes on a ready registered device and fails on an unregistered one', async () => {
    const { sbi } = await setup();
    const result = await sbi.selfTest();
    assert.equal(result.passed, true);
    const unregistered = await setup({ status: 'Not Registered' });
    const bad = await unregistered.sbi.selfTest();
    assert.equal(bad.passed, false);
    assert.deepEqual(
      bad.checks.map((c) => [c.name, c.passed]),
      [
        ['discovery', false],
        ['signed-device-info', false],
      ],
    );
  });

  it('captures: verified signature, ISO 19794-4 raw image, quality, hash chain across captures', async () => {
    const { sbi, simulator } = await setup({ width: 320, height: 360, quality: 77 });
    const first = await sbi.capture({ finger: 'left-index' });
    assert.equal(first.image.width, 320);
    assert.equal(first.image.height, 360);
    assert.equal(first.image.ppi, 500);
    assert.equal(first.image.pixels.length, 320 * 360);
    assert.equal(first.deviceQuality, 77);
    assert.equal(first.finger, 'left-index');
    assert.equal(first.sbi.bioSubType, 'Left IndexFinger');
    assert.equal(first.sbi.representation.position, 7);
    assert.equal(first.sbi.certificateThumbprint, simulator.identity.certificate.fingerprint256);
    const second = await sbi.capture({ finger: 'right-index' });
    assert.equal(second.sbi.previousHash, first.sbi.hash);
    assert.equal(second.sbi.transactionId, first.sbi.transactionId);
    sbi.newTransaction();
    const third = await sbi.capture();
    assert.notEqual(third.sbi.transactionId, first.sbi.transactionId);
    assert.equal(third.sbi.previousHash, 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
  });

  it('prompts "Posez le doigt sur le capteur" when no finger, then succeeds once placed', async () => {
    const { sbi, simulator } = await setup({ fingerPlaced: false });
    const prompts: DeviceError[] = [];
    const capture = await sbi.capture({
      onPrompt: (p) => {
        prompts.push(p);
        simulator.placeFinger();
      },
    });
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0]?.code, 'SBI_NO_FINGER');
    assert.equal(prompts[0]?.prompt, 'Posez le doigt sur le capteur');
    assert.equal(capture.image.height, 400);
  });

  it('detects a tampered capture (JWS does not verify) and a broken hash chain', async () => {
    const { sbi, simulator } = await setup();
    simulator.tamperNextCapture();
    const tampered = await rejection(sbi.capture());
    assert.equal(tampered.code, 'SBI_SIGNATURE_INVALID');
    assert.equal(tampered.protocolStatus, 'BAD_SIGNATURE');
    await sbi.capture();
    simulator.breakHashChain();
    const broken = await rejection(sbi.capture());
    assert.equal(broken.code, 'SBI_HASH_CHAIN_BROKEN');
    assert.equal(broken.kind, 'protocol');
  });

  it('rejects a device certificate outside the configured trust anchors', async () => {
    const other = await serveSbi({ port: 0 });
    running.push(other);
    const { sbi } = await setup({}, { trust: { anchors: [other.certificatePem] } });
    const error = await rejection(sbi.capture());
    assert.equal(error.code, 'SBI_SIGNATURE_INVALID');
    assert.equal(error.protocolStatus, 'UNTRUSTED');
  });

  it('maps SBI error codes: busy, extraction error, vendor error', async () => {
    const { sbi, simulator } = await setup();
    simulator.injectError('102');
    assert.equal((await rejection(sbi.capture())).code, 'SBI_ERROR_102');
    simulator.injectError('503');
    const vendor = await rejection(sbi.capture());
    assert.equal(vendor.code, 'SBI_ERROR_503');
    assert.equal(vendor.protocolStatus, '503');
    simulator.setStatus('Busy');
    assert.equal((await rejection(sbi.capture())).code, 'SBI_BUSY');
  });

  it('exposes a verified record whose image does not decode, and refuses to invent pixels from it', async () => {
    const wsq = Uint8Array.from([0xff, 0xa0, 0xff, 0xa8, 0, 0]);
    const { sbi } = await setup({ payload: { compression: 'wsq', data: wsq } });
    const verified = await sbi.captureVerified();
    assert.equal(verified.representation.compression, 'wsq');
    assert.deepEqual([...verified.representation.data], [...wsq]);
    assert.equal(parseFingerImageRecord(verified.isoRecord).representations.length, 1);
    assert.equal((await rejection(sbi.capture())).code, 'SBI_BAD_IMAGE');
  });

  it('decodes WSQ and JPEG 2000 (lossless) captures, and refuses formats without a codec', async () => {
    const [width, height] = [96, 112];
    const pixels = syntheticFingerprint({ width, height, seed: 3 });
    const wsq = encodeWsq({ width, height, pixels, ppi: 500 }, { bitrate: 2.25 });
    const viaWsq = await setup({ width, height, payload: { compression: 'wsq', data: wsq } });
    const fromWsq = await viaWsq.sbi.capture();
    assert.deepEqual([fromWsq.image.width, fromWsq.image.height, fromWsq.image.ppi], [width, height, 500]);
    assert.equal(fromWsq.image.pixels.length, width * height);

    const j2k = await encodeJpeg2000({ width, height, components: 1, pixels });
    const viaJ2k = await setup({ width, height, payload: { compression: 'jpeg2000-lossless', data: j2k } });
    const fromJ2k = await viaJ2k.sbi.capture();
    assert.deepEqual(Buffer.from(fromJ2k.image.pixels), Buffer.from(pixels));

    // A record that declares another size than its image carries is not trusted.
    const liar = await setup({
      width: width + 1,
      height,
      payload: { compression: 'jpeg2000-lossless', data: j2k },
    });
    assert.equal((await rejection(liar.sbi.capture())).code, 'SBI_BAD_IMAGE');

    const packed = await setup({ width, height, payload: { compression: 'raw-bit-packed', data: pixels } });
    const unsupported = await rejection(packed.sbi.capture());
    assert.equal(unsupported.code, 'SBI_IMAGE_FORMAT_UNSUPPORTED');
    assert.equal((await packed.sbi.captureVerified()).representation.compression, 'raw-bit-packed');
  });

  it('times out when no finger comes, then works again', async () => {
    const { sbi, simulator } = await setup({ fingerPlaced: false });
    const error = await rejection(sbi.capture({ timeoutMs: 500 }));
    assert.equal(error.kind, 'timeout');
    simulator.placeFinger();
    assert.equal((await sbi.capture()).image.width, 300);
  });

  it('cancels a capture waiting for the finger (cancel and AbortSignal)', async () => {
    const { sbi, simulator } = await setup({ fingerPlaced: false });
    const waiting = once(simulator, 'captureWaiting');
    const pending = sbi.capture();
    await waiting;
    sbi.cancel();
    assert.equal((await rejection(pending)).kind, 'cancelled');
    const controller = new AbortController();
    const again = once(simulator, 'captureWaiting');
    const aborted = sbi.capture({ signal: controller.signal });
    await again;
    controller.abort();
    assert.equal((await rejection(aborted)).kind, 'cancelled');
    simulator.placeFinger();
    assert.equal((await sbi.capture()).image.height, 400);
  });

  it('UNPLUG DURING CAPTURE: scanner removed (SBI 106) ends in disconnected and closes the driver', async () => {
    const { sbi, simulator } = await setup({ fingerPlaced: false });
    const waiting = once(simulator, 'captureWaiting');
    const pending = sbi.capture();
    await waiting;
    simulator.unplug();
    const error = await rejection(pending);
    assert.equal(error.kind, 'disconnected');
    assert.equal(error.code, 'SBI_DEVICE_NOT_FOUND');
    assert.equal(sbi.closed, true);
    assert.equal((await rejection(sbi.identify())).kind, 'disconnected');
  });

  it('UNPLUG DURING CAPTURE: device service dies mid-request, disconnected', async () => {
    const { sbi, simulator } = await setup({ fingerPlaced: false });
    const waiting = once(simulator, 'captureWaiting');
    const pending = sbi.capture();
    await waiting;
    await simulator.crash();
    const error = await rejection(pending);
    assert.equal(error.kind, 'disconnected');
    assert.equal(error.code, 'SBI_CONNECTION_LOST');
  });

  it('streams M-JPEG preview frames', async () => {
    const { sbi } = await setup();
    const controller = new AbortController();
    const frames: Uint8Array[] = [];
    for await (const frame of sbi.preview({ signal: controller.signal })) {
      frames.push(frame);
      if (frames.length === 3) controller.abort();
    }
    assert.equal(frames.length, 3);
    for (const f of frames) {
      assert.deepEqual([f[0], f[1]], [0xff, 0xd8]);
      assert.deepEqual([f.at(-2), f.at(-1)], [0xff, 0xd9]);
    }
  });
});
