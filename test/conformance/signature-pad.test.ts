/**
 * Conformance of the SignaturePad capability: one generic suite (`signaturePadConformance`, given a
 * factory) run against every implementation — the simulated STU-540 and STU-430 always, a real
 * Wacom STU only when TEST_DEVICE_WACOM_STU is set (a technician signs when asked).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PenPoint, SignaturePad, SignatureSession } from '../../drivers/core/capabilities';
import { DeviceError } from '../../drivers/core/errors';
import { isStuUsbId } from '../../drivers/devices/wacom-stu/descriptor';
import { WacomStuDriver } from '../../drivers/devices/wacom-stu/driver';
import { createSimulatedStu } from '../../drivers/devices/wacom-stu/simulator';

export interface SignaturePadUnderTest {
  pad: SignaturePad;
  /** Produces one signature on the pad during `session` (simulator: a scripted one; hardware: a person). */
  sign(session: SignatureSession, say: (message: string) => void): Promise<void>;
  dispose(): Promise<void>;
}

export function signaturePadConformance(
  name: string,
  factory: () => Promise<SignaturePadUnderTest>,
  options: { skip?: string; timeoutMs?: number } = {},
): void {
  const timeout = options.timeoutMs ?? 10_000;
  describe(`SignaturePad conformance: ${name}`, { skip: options.skip ?? false }, () => {
    const withPad =
      (body: (u: SignaturePadUnderTest, say: (m: string) => void) => Promise<void>) =>
      async (t: { diagnostic(m: string): void }) => {
        const u = await factory();
        try {
          await body(u, (m) => t.diagnostic(m));
        } finally {
          await u.dispose();
        }
      };

    it(
      'identifies itself and states sane capabilities',
      { timeout },
      withPad(async ({ pad }) => {
        assert.equal(pad.kind, 'signature');
        const id = await pad.identify();
        assert.ok(id.model.length > 0);
        assert.ok(id.transportPath.length > 0);
        const caps = await pad.capabilities();
        for (const v of [
          caps.tabletMaxX,
          caps.tabletMaxY,
          caps.maxPressure,
          caps.screenWidth,
          caps.screenHeight,
        ]) {
          assert.ok(Number.isInteger(v) && v > 0);
        }
      }),
    );

    it(
      'passes its self-test',
      { timeout },
      withPad(async ({ pad }) => {
        const result = await pad.selfTest();
        assert.ok(result.checks.length > 0);
        assert.equal(result.passed, true, JSON.stringify(result.checks));
      }),
    );

    it(
      'captures a signature as timed points with pressure inside the tablet',
      { timeout: timeout * 6 },
      withPad(async (u, say) => {
        const caps = await u.pad.capabilities();
        const session = await u.pad.startCapture();
        const streamed: PenPoint[] = [];
        session.onPoint((p) => streamed.push(p));
        await u.sign(session, say);
        const points = await session.finish();
        assert.ok(points.length > 10, `${points.length} points`);
        assert.deepEqual(streamed, points);
        assert.ok(points.some((p) => p.inContact));
        for (const p of points) {
          assert.ok(p.x >= 0 && p.x <= caps.tabletMaxX && p.y >= 0 && p.y <= caps.tabletMaxY);
          assert.ok(p.pressure >= 0 && p.pressure <= caps.maxPressure);
        }
        assert.ok(
          points.every((p, i) => i === 0 || p.t >= (points[i - 1]?.t ?? 0)),
          'time never goes backwards',
        );
        if (session.stats) assert.equal(session.stats().points, points.length);
      }),
    );

    it(
      'clear empties the capture, cancel ends it with a cancelled error',
      { timeout: timeout * 6 },
      withPad(async (u, say) => {
        const session = await u.pad.startCapture();
        await u.sign(session, say);
        await session.clear();
        if (session.stats) assert.equal(session.stats().points, 0);
        await session.cancel();
        await assert.rejects(session.finish(), (e) => e instanceof DeviceError && e.kind === 'cancelled');
        const next = await u.pad.startCapture();
        await next.cancel();
      }),
    );

    it(
      'rejects operations with a DeviceError once closed',
      { timeout },
      withPad(async ({ pad }) => {
        await pad.close();
        await assert.rejects(pad.identify(), (e) => e instanceof DeviceError);
      }),
    );
  });
}

for (const model of ['STU-540', 'STU-430'] as const) {
  let seed = 0;
  signaturePadConformance(`simulated ${model}`, async () => {
    const sim = createSimulatedStu({ model, pacing: 'fast' });
    const pad = new WacomStuDriver(sim.transport);
    return {
      pad,
      sign: async () => {
        await sim.control.drawSignature(++seed);
      },
      dispose: () => pad.close(),
    };
  });
}

const hardware = process.env.TEST_DEVICE_WACOM_STU;
signaturePadConformance(
  'Wacom STU (hardware)',
  async () => {
    const { createNodeHidBus } = await import('../../drivers/transports/node-hid');
    const bus = createNodeHidBus({ vendorIds: [0x056a] });
    const found = (await bus.list()).find((d) => isStuUsbId(d));
    if (!found) throw new Error('TEST_DEVICE_WACOM_STU is set but no Wacom STU is plugged in');
    const pad = new WacomStuDriver(await bus.open(found.path));
    return {
      pad,
      sign: (session, say) =>
        new Promise<void>((resolve) => {
          say('Signez sur la tablette, puis levez le stylet.');
          let idle: ReturnType<typeof setTimeout> | undefined;
          const off = session.onPoint((p) => {
            clearTimeout(idle);
            // A signature is over when the pen has been lifted for 1.5 s.
            if (!p.inContact) {
              idle = setTimeout(() => {
                off();
                resolve();
              }, 1500);
            }
          });
        }),
      dispose: () => pad.close(),
    };
  },
  {
    timeoutMs: 30_000,
    ...(hardware
      ? {}
      : { skip: 'real Wacom STU not tested: set TEST_DEVICE_WACOM_STU=1 with a pad plugged in' }),
  },
);
