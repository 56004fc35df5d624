/** The STU simulator at byte level: allow-table, result codes, reset, image state, pen stream. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as F from './fixtures/frames';
import { decodeWritingArea, encodeWritingArea } from './protocol/feature-reports';
import { EncodingMode, encodeImageDataBlock, encodeStartImageData } from './protocol/image';
import { decodePenReport } from './protocol/pen-data';
import { ReportId, ReportLength } from './protocol/report-ids';
import { decodeStatus, ResultCode, StatusCode } from './protocol/status';
import { line } from './sim/pen-script';
import { createSimulatedStu } from './simulator';

async function status(t: { getFeatureReport(id: number, len: number): Promise<Uint8Array> }) {
  return decodeStatus(await t.getFeatureReport(ReportId.Status, ReportLength.Status));
}

describe('simulated STU firmware', () => {
  it('answers the reference frames', async () => {
    const { transport } = createSimulatedStu({ model: 'STU-540', pacing: 'fast' });
    assert.deepEqual(await transport.getFeatureReport(ReportId.Capability, 17), F.STU540_CAPABILITY);
    assert.deepEqual(await transport.getFeatureReport(ReportId.HidInformation, 9), F.STU540_HID_INFORMATION);
    assert.deepEqual(await transport.getFeatureReport(ReportId.Status, 5), F.STATUS_READY);
    await transport.close();
  });

  it('enforces the allow-table with WrongState and leaves the state unchanged', async () => {
    const { transport, control } = createSimulatedStu({ model: 'STU-540', pacing: 'fast' });
    await transport.sendFeatureReport(encodeImageDataBlock(Uint8Array.of(1, 2, 3)));
    assert.deepEqual(await transport.getFeatureReport(ReportId.Status, 5), F.STATUS_READY_WRONG_STATE);
    await transport.sendFeatureReport(F.SET_START_IMAGE_DATA_24BIT);
    assert.deepEqual(await transport.getFeatureReport(ReportId.Status, 5), F.STATUS_IMAGE);
    await transport.sendFeatureReport(F.SET_CLEAR_SCREEN);
    assert.deepEqual(await status(transport), {
      statusCode: StatusCode.Image,
      lastResultCode: ResultCode.WrongState,
      statusWord: 0,
    });
    await transport.sendFeatureReport(F.SET_END_IMAGE_DATA_COMMIT);
    const s = await status(transport);
    assert.equal(s.statusCode, StatusCode.Ready);
    assert.equal(s.lastResultCode, ResultCode.GraphicsWrongParameters, 'commit of an incomplete image');
    assert.equal(control.state().screen.image, undefined);
    await transport.close();
  });

  it('refuses an encoding the model lacks and an image that is too long', async () => {
    const { transport } = createSimulatedStu({ model: 'STU-430', pacing: 'fast' });
    await transport.sendFeatureReport(encodeStartImageData(EncodingMode.TwentyFourBit));
    assert.deepEqual(await status(transport), {
      statusCode: StatusCode.Ready,
      lastResultCode: ResultCode.GraphicsWrongEncodingType,
      statusWord: 0,
    });
    await transport.sendFeatureReport(encodeStartImageData(EncodingMode.OneBit));
    const block = encodeImageDataBlock(new Uint8Array(253));
    for (let i = 0; i < 31; i++) await transport.sendFeatureReport(block); // 7843 of 8000 bytes
    assert.equal((await status(transport)).lastResultCode, ResultCode.None);
    await transport.sendFeatureReport(block);
    assert.equal((await status(transport)).lastResultCode, ResultCode.GraphicsImageTooLong);
    await transport.close();
  });

  it('answers unknown sets with WrongReportId, stalls gets the model lacks, ignores invalid writing areas', async () => {
    const { transport } = createSimulatedStu({ model: 'STU-430', pacing: 'fast' });
    await transport.sendFeatureReport(Uint8Array.of(0x7e, 0));
    assert.equal((await status(transport)).lastResultCode, ResultCode.WrongReportId);
    await assert.rejects(transport.getFeatureReport(ReportId.HidInformation, 9), /stalled/);
    await assert.rejects(transport.getFeatureReport(ReportId.Eserial, 14), /stalled/);
    const before = decodeWritingArea(await transport.getFeatureReport(ReportId.HandwritingDisplayArea, 9));
    await transport.sendFeatureReport(
      encodeWritingArea({ upperLeftX: 100, upperLeftY: 0, lowerRightX: 50, lowerRightY: 10 }),
    );
    assert.equal((await status(transport)).lastResultCode, ResultCode.None);
    assert.deepEqual(
      decodeWritingArea(await transport.getFeatureReport(ReportId.HandwritingDisplayArea, 9)),
      before,
    );
    await assert.rejects(transport.write(Uint8Array.of(0)), /no output report/);
    await transport.close();
  });

  it('goes through SystemReset on a reset and refuses commands meanwhile', async () => {
    const { transport, control } = createSimulatedStu({ model: 'STU-540', pacing: 'fast', resetMs: 1500 });
    await transport.sendFeatureReport(F.SET_PEN_DATA_OPTION_MODE_3);
    await transport.sendFeatureReport(F.SET_RESET_SOFT);
    assert.deepEqual(await transport.getFeatureReport(ReportId.Status, 5), F.STATUS_SYSTEM_RESET);
    await transport.sendFeatureReport(F.SET_INKING_ON);
    assert.equal((await status(transport)).lastResultCode, ResultCode.WrongState);
    await assert.rejects(transport.getFeatureReport(ReportId.Capability, 17), /stalled/);
    const ready = new Promise<void>((resolve) => {
      const poll = async () =>
        (await status(transport)).statusCode === StatusCode.Ready ? resolve() : setImmediate(poll);
      void poll();
    });
    await ready;
    assert.equal(control.state().penDataOptionMode, 0);
    await transport.close();
  });

  it('streams the report type of the option mode, numbering every report, dropped ones included', async () => {
    const { transport, control } = createSimulatedStu({ model: 'STU-540', pacing: 'fast' });
    const received: Uint8Array[] = [];
    transport.onInputReport((r) => received.push(r));
    const tablet = control.profile.capability;
    await control.draw(line(tablet, { x: 0.1, y: 0.1 }, { x: 0.2, y: 0.2 }, 20));
    assert.ok(received.length > 0 && received.every((r) => r[0] === ReportId.PenData));
    await transport.sendFeatureReport(F.SET_PEN_DATA_OPTION_MODE_3);
    received.length = 0;
    control.dropReports(2);
    const drawn = await control.draw(line(tablet, { x: 0.1, y: 0.1 }, { x: 0.2, y: 0.2 }, 20));
    assert.equal(drawn.dropped, 2);
    const seqs = received.map((r) => {
      const d = decodePenReport(r);
      assert.equal(d.kind, 'pen-timed');
      return d.kind === 'pen-timed' ? d.sample.sequence : -1;
    });
    assert.equal(seqs.length, drawn.reports - 2);
    assert.equal(
      (seqs[0] ?? 0) - 2,
      control.state().sequence - drawn.reports,
      'the two first reports were lost',
    );
    assert.ok(seqs.every((s, i) => i === 0 || s === (seqs[i - 1] ?? 0) + 1));
    await transport.close();
  });

  it('paces the pen stream at 200 reports per second in realtime mode', async () => {
    const { transport, control } = createSimulatedStu({ model: 'STU-540', pacing: 'realtime' });
    const arrivals: number[] = [];
    transport.onInputReport(() => arrivals.push(performance.now()));
    const frames = line(control.profile.capability, { x: 0.1, y: 0.1 }, { x: 0.2, y: 0.2 }, 100);
    const drawn = await control.draw(frames);
    const span = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    // frames.length reports 5 ms apart: the span is (n − 1) × 5 ms, minus timer granularity.
    assert.equal(drawn.delivered, frames.length);
    assert.ok(span >= (frames.length - 1) * 5 - 10, `span ${span} ms for ${frames.length} reports`);
    assert.equal(control.activeTimers, 0);
    await transport.close();
  });

  it('unplug rejects pending and new calls, fires disconnect, and lists no device', async () => {
    const { transport, bus, control } = createSimulatedStu({ model: 'STU-540', pacing: 'fast' });
    const disconnected = new Promise<Error | undefined>((resolve) => transport.onDisconnect(resolve));
    control.freeze();
    const pending = transport.getFeatureReport(ReportId.Status, 5);
    control.unplug();
    await assert.rejects(pending, /disconnected/);
    assert.match(String(await disconnected), /disconnected/);
    await assert.rejects(transport.getFeatureReport(ReportId.Status, 5), /disconnected/);
    assert.deepEqual(await bus.list(), []);
  });

  it('opens again through its bus after a close', async () => {
    const { transport, bus } = createSimulatedStu({ model: 'STU-430', pacing: 'fast' });
    const [info] = await bus.list();
    assert.equal(info?.productId, 0x00a4);
    await transport.close();
    const again = await bus.open(info?.path ?? '');
    assert.deepEqual(await again.getFeatureReport(ReportId.Capability, 17), F.STU430_CAPABILITY);
    await again.close();
  });
});
