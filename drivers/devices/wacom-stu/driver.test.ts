/** The STU driver against the byte-level simulator (fast pacing: no wall-clock waits). */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { PenPoint } from '../../core/capabilities';
import { DeviceError } from '../../core/errors';
import type { SupportedStuModel } from './descriptor';
import { WacomStuDriver, type WacomStuDriverOptions } from './driver';
import { EncodingMode, encodePixels } from './protocol/image';
import { ReportId } from './protocol/report-ids';
import { ResultCode, StatusCode } from './protocol/status';
import { toStrokes } from './render/strokes';
import { line } from './sim/pen-script';
import { createSimulatedStu, type SimulatedStuOptions } from './simulator';

function setup(
  t: TestContext,
  model: SupportedStuModel = 'STU-540',
  sim: Partial<SimulatedStuOptions> = {},
  options: WacomStuDriverOptions = {},
) {
  const simulated = createSimulatedStu({ model, pacing: 'fast', ...sim });
  const driver = new WacomStuDriver(simulated.transport, { statusWaitMs: 100, statusPollMs: 2, ...options });
  t.after(() => driver.close());
  return { ...simulated, driver };
}

const isDeviceError = (kind: DeviceError['kind'], code?: string | RegExp) => (e: unknown) =>
  e instanceof DeviceError &&
  e.kind === kind &&
  (code === undefined || (typeof code === 'string' ? e.code === code : code.test(e.code)));

/** Resolves once `n` points reached the session. */
function pointsReached(session: { onPoint(l: (p: PenPoint) => void): () => void }, n: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = session.onPoint(() => {
      if (++seen === n) {
        off();
        resolve();
      }
    });
  });
}

describe('WacomStuDriver identify and capabilities', () => {
  it('identifies an STU-540 from Information, HidInformation and eSerial', async (t) => {
    const { driver } = setup(t, 'STU-540', { serial: '5407X99', uid: 0xcafe0001 });
    const id = await driver.identify();
    assert.equal(id.model, 'STU-540');
    assert.equal(id.serialNumber, '5407X99');
    assert.equal(id.firmware, '1.0b (bcdDevice 0110)');
    assert.equal(id.uid, 0xcafe0001);
    assert.equal(id.hidInformation?.productId, 0x00a8);
    assert.equal(driver.descriptor.model, 'wacom-stu-540');
  });

  it('identifies an STU-430 without HidInformation, serial from Uid2', async (t) => {
    const { driver } = setup(t, 'STU-430', { serial: '430ABCDEFGHIJ' });
    const id = await driver.identify();
    assert.equal(id.model, 'STU-430');
    assert.equal(id.serialNumber, '430ABCDEFG');
    assert.equal(id.hidInformation, undefined);
    assert.equal(id.firmware, '2.07');
  });

  it('reports capabilities from the Capability report', async (t) => {
    const { driver } = setup(t, 'STU-430');
    assert.deepEqual(await driver.capabilities(), {
      tabletMaxX: 9600,
      tabletMaxY: 6000,
      maxPressure: 1023,
      screenWidth: 320,
      screenHeight: 200,
      resolutionPpi: 2540,
    });
  });

  it('refuses a transport that is not a supported STU', () => {
    const { transport } = createSimulatedStu({ model: 'STU-540', pacing: 'fast' });
    const foreign = { ...transport, info: { ...transport.info, productId: 0x00a1 } };
    assert.throws(() => new WacomStuDriver(foreign), isDeviceError('fatal', 'STU_UNSUPPORTED_MODEL'));
  });
});

describe('WacomStuDriver capture', () => {
  it('captures a scripted signature: strokes, points, pressure, device timestamps across the counter wrap', async (t) => {
    const { driver, control } = setup(t, 'STU-540', { timeCountStart: 65_000 });
    const session = await driver.startCapture();
    assert.equal(session.timing, 'device');
    const streamed: PenPoint[] = [];
    session.onPoint((p) => streamed.push(p));
    const drawn = await control.drawSignature(7);
    const points = await session.finish();
    assert.equal(drawn.dropped, 0);
    assert.equal(points.length, drawn.delivered);
    assert.deepEqual(streamed, points);
    assert.equal(toStrokes(points).length, drawn.script.strokes);
    const contact = points.filter((p) => p.inContact);
    assert.equal(contact.length, drawn.script.contactFrames);
    assert.ok(contact.every((p) => p.pressure > 0 && p.pressure <= 1023));
    assert.ok(points.filter((p) => !p.inContact).every((p) => p.pressure === 0));
    assert.ok(points.every((p) => p.x <= 9600 && p.y <= 6000));
    // Device time: 5 ms steps inside a stroke, longer gaps when the pen was away, never backwards,
    // and the 16-bit counter (started at 65000 ms) wrapped without a jump.
    const steps = points.slice(1).map((p, i) => p.t - (points[i]?.t ?? 0));
    assert.ok(
      steps.every((d) => d >= 5 && d % 5 === 0),
      `steps ${steps.filter((d) => d < 5 || d % 5)}`,
    );
    const lastFrame = drawn.script.frames.length;
    assert.ok((points.at(-1)?.t ?? 0) < lastFrame * 5, 'no spurious 65 536 ms wrap');
    assert.ok((points.at(-1)?.t ?? 0) > 65_536 - 65_000, 'the run crossed the counter wrap');
    assert.deepEqual(session.stats(), {
      points: points.length,
      reportsReceived: drawn.delivered,
      reportsDropped: 0,
      gaps: 0,
      malformedReports: 0,
    });
    const state = control.state();
    assert.equal(state.penDataOptionMode, 3);
    assert.equal(state.inking, false, 'inking is off after finish');
    assert.ok(state.screen.inkedSamples > 0, 'the pad inked its LCD while signing');
    assert.equal(driver.activeCapture, undefined);
  });

  it('detects dropped reports from sequence gaps and reports them', async (t) => {
    const { driver, control } = setup(t);
    const session = await driver.startCapture();
    const gaps: { missing: number }[] = [];
    session.onGap((g) => gaps.push(g));
    const tablet = control.profile.capability;
    await control.draw(line(tablet, { x: 0.1, y: 0.5 }, { x: 0.4, y: 0.5 }, 100));
    control.dropReports(5);
    const second = await control.draw(line(tablet, { x: 0.5, y: 0.5 }, { x: 0.9, y: 0.5 }, 100));
    const points = await session.finish();
    assert.equal(second.dropped, 5);
    assert.deepEqual(
      gaps.map((g) => g.missing),
      [5],
    );
    const stats = session.stats();
    assert.equal(stats.reportsDropped, 5);
    assert.equal(stats.gaps, 1);
    // The gap shows in device time too: one step of 6 × 5 ms.
    const steps = points.slice(1).map((p, i) => p.t - (points[i]?.t ?? 0));
    assert.ok(steps.includes(30));
  });

  it('counts a malformed report and keeps capturing', async (t) => {
    const { driver, control } = setup(t);
    const session = await driver.startCapture();
    control.corruptNextReport(6);
    const drawn = await control.draw(
      line(control.profile.capability, { x: 0.2, y: 0.2 }, { x: 0.3, y: 0.3 }, 50),
    );
    const points = await session.finish();
    assert.equal(session.stats().malformedReports, 1);
    assert.equal(points.length, drawn.delivered - 1);
  });

  it('falls back to host timing when the pad refuses the pen-data option mode', async (t) => {
    const { driver, control } = setup(t);
    control.failNextSet(ReportId.PenDataOptionMode, ResultCode.WrongReportId);
    const session = await driver.startCapture();
    assert.equal(session.timing, 'host');
    const drawn = await control.draw(
      line(control.profile.capability, { x: 0.2, y: 0.2 }, { x: 0.3, y: 0.3 }, 50),
    );
    const points = await session.finish();
    assert.equal(points.length, drawn.delivered);
    assert.equal(points[0]?.t, 0);
  });

  it('clear discards the first attempt and its ink; the redo is what finish returns', async (t) => {
    const { driver, control } = setup(t);
    const session = await driver.startCapture();
    const first = await control.drawSignature(1);
    assert.ok(first.delivered > 0);
    const clearsBefore = control.state().screen.clears;
    await session.clear();
    assert.equal(control.state().screen.clears, clearsBefore + 1);
    assert.equal(control.state().screen.inkedSamples, 0);
    assert.equal(session.stats().points, 0);
    const tablet = control.profile.capability;
    const redo = await control.draw(line(tablet, { x: 0.1, y: 0.1 }, { x: 0.9, y: 0.9 }, 300));
    const points = await session.finish();
    assert.equal(points.length, redo.delivered);
    assert.equal(toStrokes(points).length, 1);
  });

  it('cancel ends the session with a cancelled error, clears the pad, and the driver captures again', async (t) => {
    const { driver, control } = setup(t);
    const session = await driver.startCapture();
    const ended = new Promise<Error | undefined>((resolve) => session.onEnd((e) => resolve(e)));
    await control.drawSignature(2);
    await session.cancel();
    assert.ok(isDeviceError('cancelled', 'CAPTURE_CANCELLED')(await ended));
    await assert.rejects(session.finish(), isDeviceError('cancelled'));
    assert.equal(control.state().inking, false);
    assert.equal(control.state().screen.inkedSamples, 0);
    const again = await driver.startCapture();
    await control.draw(line(control.profile.capability, { x: 0.2, y: 0.2 }, { x: 0.3, y: 0.3 }, 50));
    assert.ok((await again.finish()).length > 0);
  });

  it('cancels through an AbortSignal', async (t) => {
    const { driver } = setup(t);
    const controller = new AbortController();
    const session = await driver.startCapture({ signal: controller.signal });
    const ended = new Promise<Error | undefined>((resolve) => session.onEnd((e) => resolve(e)));
    controller.abort();
    assert.ok(isDeviceError('cancelled')(await ended));
    assert.equal(driver.activeCapture, undefined);
  });

  it('refuses a second capture and operations that would disturb the live one', async (t) => {
    const { driver } = setup(t);
    const session = await driver.startCapture();
    await assert.rejects(driver.startCapture(), isDeviceError('operator', 'STU_BUSY'));
    await assert.rejects(driver.reset(), isDeviceError('operator', 'STU_BUSY'));
    await session.finish();
  });

  it('turns a firmware result code into a typed protocol error and stays usable', async (t) => {
    const { driver, control } = setup(t);
    control.failNextSet(ReportId.InkingMode, ResultCode.BadParameter);
    await assert.rejects(
      driver.startCapture(),
      (e) =>
        isDeviceError('protocol', 'STU_RESULT_BADPARAMETER')(e) &&
        (e as DeviceError).protocolStatus === 'Ready/BadParameter',
    );
    const session = await driver.startCapture();
    await session.finish();
  });

  it('rejects a writing area outside the screen; applies a valid one', async (t) => {
    const { driver, control } = setup(t, 'STU-430');
    await assert.rejects(
      driver.startCapture({
        writingArea: { upperLeftX: 0, upperLeftY: 0, lowerRightX: 320, lowerRightY: 199 },
      }),
      isDeviceError('fatal', 'STU_BAD_WRITING_AREA'),
    );
    const area = { upperLeftX: 10, upperLeftY: 100, lowerRightX: 309, lowerRightY: 189 };
    const session = await driver.startCapture({ writingArea: area });
    assert.deepEqual(control.state().writingArea, area);
    await session.finish();
  });

  it('records pen reports in the trace with coordinates masked', async (t) => {
    const { driver, control } = setup(t);
    driver.trace.enabled = true;
    const session = await driver.startCapture();
    await control.draw(line(control.profile.capability, { x: 0.2, y: 0.2 }, { x: 0.3, y: 0.3 }, 50));
    await session.finish();
    const pen = driver.trace.snapshot().filter((e) => e.note?.startsWith('PenDataTimeCountSequence'));
    assert.ok(pen.length > 0);
    assert.ok(pen.every((e) => e.hex === '34…masked' && e.length === 11));
    assert.ok(driver.trace.snapshot().some((e) => e.note === 'set InkingMode' && e.hex === '2101'));
  });
});

describe('WacomStuDriver faults and lifecycle', () => {
  it('times out when the pad stops answering, then works again once it answers', async (t) => {
    const { driver, control } = setup(t);
    control.freeze();
    await assert.rejects(driver.identify({ timeoutMs: 50 }), isDeviceError('timeout', 'IDENTIFY_TIMEOUT'));
    control.resume();
    assert.equal((await driver.identify()).model, 'STU-540');
  });

  it('ends a capture with a timeout when a command inside it gets no answer', async (t) => {
    const { driver, control } = setup(t, 'STU-540', {}, { timeoutMs: 50 });
    const session = await driver.startCapture();
    control.freeze();
    await assert.rejects(session.clear(), isDeviceError('timeout', 'CLEAR_TIMEOUT'));
    await assert.rejects(session.finish(), isDeviceError('timeout'));
    control.resume();
    assert.equal(driver.activeCapture, undefined);
  });

  it('UNPLUG DURING CAPTURE: the session ends with a disconnected error and the driver closes cleanly', async (t) => {
    const { driver, control } = setup(t);
    const session = await driver.startCapture();
    const ended = new Promise<Error | undefined>((resolve) => session.onEnd((e) => resolve(e)));
    const halfway = pointsReached(session, 50);
    const drawing = control.drawSignature(3);
    await halfway;
    control.unplug();
    const error = await ended;
    assert.ok(isDeviceError('disconnected', 'HID_DISCONNECTED')(error));
    assert.match((error as DeviceError).prompt ?? '', /rebranchez/);
    assert.equal((error as DeviceError).toPayload().code, 'DEVICE_ERROR');
    assert.equal((await drawing).interrupted, true);
    await assert.rejects(session.finish(), isDeviceError('disconnected'));
    assert.equal(driver.isOpen, false);
    await assert.rejects(driver.identify(), isDeviceError('disconnected'));
    await driver.close();
    await driver.close();
    assert.equal(control.openTransports, 0);
    assert.equal(control.activeTimers, 0);
  });

  it('an unplug fails an operation waiting on a frozen pad at once', async (t) => {
    const { driver, control } = setup(t);
    control.freeze();
    const pending = driver.identify({ timeoutMs: 60_000 });
    control.unplug();
    await assert.rejects(pending, isDeviceError('disconnected'));
  });

  it('close during a capture ends it and tidies the pad', async (t) => {
    const { driver, control } = setup(t);
    const session = await driver.startCapture();
    const ended = new Promise<Error | undefined>((resolve) => session.onEnd((e) => resolve(e)));
    await control.drawSignature(4);
    await driver.close();
    assert.ok(isDeviceError('cancelled', 'STU_CLOSED')(await ended));
    assert.equal(control.state().inking, false);
    assert.equal(control.openTransports, 0);
  });

  it('reset brings the pad back to factory state through SystemReset', async (t) => {
    // A reset long enough (1 s) that the driver surely polls during it, even on a loaded machine.
    const { driver, control } = setup(t, 'STU-540', { resetMs: 1000 }, { statusWaitMs: 5000 });
    const session = await driver.startCapture();
    await session.finish();
    assert.equal(control.state().penDataOptionMode, 3);
    driver.trace.enabled = true;
    await driver.reset();
    const state = control.state();
    assert.equal(state.status, StatusCode.Ready);
    assert.equal(state.penDataOptionMode, 0);
    assert.equal(state.inking, true);
    assert.ok(
      driver.trace.snapshot().some((e) => e.hex === '03ff000000'),
      'the driver saw SystemReset',
    );
  });

  it('selfTest passes on a healthy pad and restores inking', async (t) => {
    const { driver, control } = setup(t);
    const result = await driver.selfTest();
    assert.equal(result.passed, true);
    assert.deepEqual(
      result.checks.map((c) => c.name),
      ['status', 'capability', 'inking-toggle'],
    );
    assert.equal(control.state().inking, true);
  });

  it('selfTest fails (without throwing) on a pad stuck in SystemReset', async (t) => {
    const { driver, control } = setup(t);
    control.holdStatus(StatusCode.SystemReset);
    const result = await driver.selfTest();
    assert.equal(result.passed, false);
    assert.equal(result.checks.find((c) => c.name === 'status')?.passed, false);
    assert.equal(result.checks.find((c) => c.name === 'inking-toggle')?.passed, false);
  });
});

describe('WacomStuDriver image upload', () => {
  const white430 = () => new Uint8Array(320 * 200 * 3).fill(255);

  it('is refused while the pad is busy, then accepted block by block once Ready', async (t) => {
    const { driver, control } = setup(t, 'STU-430');
    control.holdStatus(StatusCode.RomBusy);
    await assert.rejects(
      driver.uploadPromptImage({ width: 320, height: 200, pixels: white430() }),
      (e) =>
        isDeviceError('protocol', 'STU_BAD_STATUS')(e) && (e as DeviceError).protocolStatus === 'RomBusy',
    );
    assert.equal(control.state().screen.image, undefined);
    control.holdStatus(undefined);
    const progress: number[] = [];
    await driver.uploadPromptImage(
      { width: 320, height: 200, pixels: white430() },
      { onProgress: (_l, f) => progress.push(f) },
    );
    assert.deepEqual(control.state().screen.image, { mode: EncodingMode.OneBit, bytes: 8000 });
    assert.equal(control.state().status, StatusCode.Ready);
    assert.equal(progress.length, 1 + Math.ceil(8000 / 253));
    assert.equal(progress.at(-1), 1);
    assert.ok(progress.every((f, i) => i === 0 || f > (progress[i - 1] ?? 0)));
  });

  it('uploads a full 24-bit 800x480 image to an STU-540', async (t) => {
    const { driver, control } = setup(t, 'STU-540');
    const rgb = new Uint8Array(800 * 480 * 3).fill(200);
    await driver.uploadImage({
      mode: EncodingMode.TwentyFourBit,
      data: encodePixels(rgb, 800, 480, EncodingMode.TwentyFourBit),
    });
    assert.deepEqual(control.state().screen.image, { mode: EncodingMode.TwentyFourBit, bytes: 1_152_000 });
  });

  it('rejects an image of the wrong size or mode before sending anything', async (t) => {
    const { driver, control } = setup(t, 'STU-430');
    await assert.rejects(
      driver.uploadImage({ mode: EncodingMode.OneBit, data: new Uint8Array(10) }),
      isDeviceError('fatal', 'STU_IMAGE_SIZE'),
    );
    await assert.rejects(
      driver.uploadImage({ mode: EncodingMode.TwentyFourBit, data: new Uint8Array(10) }),
      isDeviceError('fatal', 'STU_IMAGE_MODE'),
    );
    assert.equal(control.state().status, StatusCode.Ready);
  });

  it('abandons the upload when cancelled mid-way and leaves the pad Ready', async (t) => {
    const { driver, control } = setup(t, 'STU-430');
    const controller = new AbortController();
    const upload = driver.uploadPromptImage(
      { width: 320, height: 200, pixels: white430() },
      { signal: controller.signal, onProgress: (_l, f) => f > 0.3 && controller.abort() },
    );
    await assert.rejects(upload, isDeviceError('cancelled'));
    assert.equal(control.state().screen.image, undefined);
    assert.equal(control.state().status, StatusCode.Ready);
  });
});
