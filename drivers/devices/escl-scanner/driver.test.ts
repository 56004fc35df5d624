import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { DeviceError } from '../../core/errors';
import { EsclScanner } from './driver';
import { capabilitiesXml } from './protocol/capabilities';
import { defaultScene } from './simulator/glass';
import { samplePortraitPng } from './simulator/sample-portrait';
import { type EsclSimulator, serveEscl, simulatorCapabilities } from './simulator/server';

describe('eSCL driver', () => {
  let sim: EsclSimulator;
  before(async () => {
    sim = await serveEscl({ scene: defaultScene(await samplePortraitPng(), { dust: 0 }) });
  });
  after(() => sim.close());

  it('posts the platen region and resolution asked, and closes the job after its one page', async () => {
    const scanner = new EsclScanner({ url: sim.url });
    scanner.trace.enabled = true;
    const scan = await scanner.scan({
      resolutionDpi: 150,
      regionMm: { x: 10, y: 20, width: 50, height: 60 },
      format: 'image/png',
    });
    const meta = await sharp(scan.bytes).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.density, 150);
    const job = sim.control.jobs.at(-1)!;
    assert.deepEqual(job.settings.region, { xOffset: 118, yOffset: 236, width: 591, height: 709 });
    assert.equal(job.state, 'Completed');
    // The page is personal: the trace shows its size, not its bytes.
    const page = scanner.trace
      .snapshot()
      .find((e) => e.note?.startsWith('200 GET') && e.note.endsWith('NextDocument'));
    assert.ok(page && page.length > 1000 && page.hex.endsWith('…masked'), JSON.stringify(page));
  });

  it('a scanner that stays down (503) ends the scan in a timeout; back up, it scans', async () => {
    const scanner = new EsclScanner({ url: sim.url });
    sim.control.setFault('down');
    const error = await scanner.scan({ resolutionDpi: 75 }, { timeoutMs: 400 }).catch((e: DeviceError) => e);
    assert.equal((error as DeviceError).kind, 'timeout');
    assert.equal((await scanner.selfTest()).passed, false);
    sim.control.setFault('ok');
    assert.ok((await scanner.scan({ resolutionDpi: 75 })).bytes.length > 0);
  });

  it('refuses a job Location on another host, and a malformed capabilities document', async () => {
    let caps = capabilitiesXml(simulatorCapabilities());
    const rogue = createServer((req, res) => {
      if (req.url?.endsWith('ScannerCapabilities')) {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(caps);
      } else {
        req.resume();
        res.writeHead(201, { Location: 'http://198.51.100.7/eSCL/ScanJobs/x' });
        res.end();
      }
    });
    await new Promise<void>((r) => rogue.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(rogue.address() as AddressInfo).port}/eSCL`;
    try {
      const foreign = await new EsclScanner({ url })
        .scan({ resolutionDpi: 300 })
        .catch((e: DeviceError) => e);
      assert.equal((foreign as DeviceError).code, 'ESCL_FOREIGN_LOCATION');
      caps = caps.slice(0, 300);
      const broken = await new EsclScanner({ url }).capabilities().catch((e: DeviceError) => e);
      assert.equal((broken as DeviceError).kind, 'protocol');
    } finally {
      await new Promise<void>((r) => rogue.close(() => r()));
    }
  });
});
