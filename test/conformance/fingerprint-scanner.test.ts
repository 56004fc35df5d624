/**
 * FingerprintScanner conformance suite: one generic set of checks run against every implementation
 * through a factory: the ZFM simulator (in-memory pipe), the SBI simulator (real TCP), and real
 * hardware when TEST_DEVICE_ZFM=/dev/ttyUSB0 or TEST_DEVICE_SBI=<port> is set (skipped otherwise).
 * Scenario checks (no finger, unplug) need a scriptable device and run only on simulators.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { FingerprintScanner } from '../../drivers/core/capabilities';
import { DeviceError } from '../../drivers/core/errors';
import { SbiFingerprintDriver } from '../../drivers/devices/mosip-sbi/driver';
import { serveSbi } from '../../drivers/devices/mosip-sbi/simulator';
import { ZfmDriver } from '../../drivers/devices/zfm/driver';
import { ZfmSimulator } from '../../drivers/devices/zfm/simulator';
import { createBytePipe } from '../../drivers/transports/byte-pipe';
import { createSerialBus } from '../../drivers/transports/serialport';

/** Scenario controls a simulator offers; absent for real hardware. */
interface ScenarioControl {
  removeFinger(): void;
  placeFinger(): void;
  /** Takes the device away (cable pulled, or the scanner behind an SBI service removed). */
  unplug(): void | Promise<void>;
}

interface Subject {
  scanner: FingerprintScanner & { cancel(): void; readonly closed: boolean };
  control?: ScenarioControl;
  expected?: { width: number; height: number };
  dispose(): Promise<void>;
}

function runConformance(name: string, factory: () => Promise<Subject>, skip: string | false = false): void {
  describe(`FingerprintScanner conformance: ${name}`, { skip }, () => {
    const subjects: Subject[] = [];
    const make = async () => {
      const subject = await factory();
      subjects.push(subject);
      return subject;
    };
    after(async () => {
      for (const s of subjects) await s.dispose();
    });

    it('describes itself as a fingerprint driver with a trace', async () => {
      const { scanner } = await make();
      assert.equal(scanner.kind, 'fingerprint');
      assert.equal(scanner.descriptor.kind, 'fingerprint');
      assert.ok(scanner.trace);
    });

    it('identifies with a model and a transport path', async () => {
      const { scanner } = await make();
      const id = await scanner.identify();
      assert.ok(id.model.length > 0);
      assert.ok(id.transportPath.length > 0);
    });

    it('passes its self-test', async () => {
      const { scanner } = await make();
      const result = await scanner.selfTest();
      assert.ok(result.checks.length > 0);
      assert.equal(result.passed, true, JSON.stringify(result.checks));
    });

    it('resets and stays usable', async () => {
      const { scanner } = await make();
      await scanner.reset();
      assert.ok((await scanner.identify()).model);
    });

    it('captures an 8-bit image of consistent dimensions with a timestamp', async () => {
      const { scanner, expected } = await make();
      const capture = await scanner.capture({ finger: 'right-index', timeoutMs: 30_000 });
      assert.ok(capture.image.width > 0 && capture.image.height > 0);
      assert.equal(capture.image.pixels.length, capture.image.width * capture.image.height);
      if (expected)
        assert.deepEqual([capture.image.width, capture.image.height], [expected.width, expected.height]);
      assert.ok(!Number.isNaN(Date.parse(capture.capturedAt)));
      const distinct = new Set(capture.image.pixels).size;
      assert.ok(distinct > 4, 'a fingerprint image is not flat');
    });

    it('prompts the operator in French when no finger is on the sensor, then captures', async (t) => {
      const { scanner, control } = await make();
      if (!control) return t.skip('needs a scriptable device');
      control.removeFinger();
      const prompts: DeviceError[] = [];
      const capture = await scanner.capture({
        onPrompt: (p) => {
          prompts.push(p);
          control.placeFinger();
        },
      });
      assert.equal(prompts[0]?.kind, 'operator');
      assert.equal(prompts[0]?.prompt, 'Posez le doigt sur le capteur');
      assert.ok(capture.image.pixels.length > 0);
    });

    it('times out with a timeout DeviceError', async (t) => {
      const { scanner, control } = await make();
      if (!control) return t.skip('needs a scriptable device');
      control.removeFinger();
      const error = await scanner.capture({ timeoutMs: 400 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof DeviceError);
      assert.equal(error.kind, 'timeout');
    });

    it('cancels with a cancelled DeviceError and stays usable', async (t) => {
      const { scanner, control } = await make();
      if (!control) return t.skip('needs a scriptable device');
      control.removeFinger();
      const error = await scanner.capture({ onPrompt: () => scanner.cancel() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof DeviceError);
      assert.equal(error.kind, 'cancelled');
      control.placeFinger();
      assert.ok((await scanner.capture()).image.width > 0);
    });

    it('unplug during capture ends in disconnected and a closed driver', async (t) => {
      const { scanner, control } = await make();
      if (!control) return t.skip('needs a scriptable device');
      control.removeFinger();
      const error = await scanner.capture({ onPrompt: () => void control.unplug() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof DeviceError);
      assert.equal(error.kind, 'disconnected');
      assert.equal(scanner.closed, true);
    });
  });
}

runConformance('ZFM simulator (in-memory pipe)', async () => {
  const [host, device] = createBytePipe('pipe:zfm', 'pipe:zfm-device', { maxChunk: 64, seed: 11 });
  const simulator = new ZfmSimulator(device, { fingerPlaced: true });
  const scanner = new ZfmDriver(host, { pollIntervalMs: 10, answerTimeoutMs: 500 });
  return {
    scanner,
    control: simulator,
    expected: { width: 256, height: 288 },
    dispose: () => scanner.close(),
  };
});

runConformance('SBI simulator (TCP, own HTTP/1.1 layer)', async () => {
  const simulator = await serveSbi({ port: 0 });
  const scanner = new SbiFingerprintDriver({ port: simulator.port, promptAfterMs: 300, busyRetryMs: 300 });
  return {
    scanner,
    control: simulator,
    dispose: async () => {
      await scanner.close();
      await simulator.close();
    },
  };
});

const zfmPath = process.env.TEST_DEVICE_ZFM;
runConformance(
  `ZFM hardware (${zfmPath ?? 'TEST_DEVICE_ZFM unset'})`,
  async () => {
    const stream = await createSerialBus().open(zfmPath ?? '', {
      baudRate: Number(process.env.TEST_DEVICE_ZFM_BAUD ?? 57_600),
    });
    const scanner = new ZfmDriver(stream);
    return { scanner, expected: { width: 256, height: 288 }, dispose: () => scanner.close() };
  },
  zfmPath
    ? false
    : 'real ZFM module: set TEST_DEVICE_ZFM=/dev/ttyUSB0 (and a finger ready on the sensor) to run',
);

const sbiPort = process.env.TEST_DEVICE_SBI;
runConformance(
  `SBI hardware (${sbiPort ? `127.0.0.1:${sbiPort}` : 'TEST_DEVICE_SBI unset'})`,
  async () => {
    const scanner = new SbiFingerprintDriver({ port: Number(sbiPort) });
    return { scanner, dispose: () => scanner.close() };
  },
  sbiPort ? false : 'real SBI device service: set TEST_DEVICE_SBI=<port 4501-4600> to run',
);
