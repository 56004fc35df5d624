/**
 * Conformance of the FlatbedScanner capability, run against every implementation: the eSCL driver
 * over the in-process simulator, and over `recueil sim serve scanner` (a real process on a
 * loopback port). Real hardware: set TEST_DEVICE_ESCL to the scanner's eSCL root (a network
 * scanner's http://HOST/eSCL, or ipp-usb's http://127.0.0.1:60000/eSCL), lay a photo on the glass,
 * and turn the scanner off when asked.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { FlatbedScanner } from '../../drivers/core/capabilities';
import type { DeviceError } from '../../drivers/core/errors';
import { EsclScanner } from '../../drivers/devices/escl-scanner/driver';
import { defaultScene } from '../../drivers/devices/escl-scanner/simulator/glass';
import { samplePortraitPng } from '../../drivers/devices/escl-scanner/simulator/sample-portrait';
import { serveEscl } from '../../drivers/devices/escl-scanner/simulator/server';

const bin = fileURLToPath(new URL('../../bin/recueil.mjs', import.meta.url));
const A6 = { x: 0, y: 0, width: 105, height: 148 };

interface Bench {
  scanner: FlatbedScanner;
  unplug(): Promise<void>;
  close(): Promise<void>;
}

function flatbedConformance(name: string, makeBench: () => Promise<Bench>, skip?: string) {
  describe(`FlatbedScanner conformance: ${name}`, { skip }, () => {
    let bench: Bench;
    before(async () => {
      bench = await makeBench();
    });
    after(async () => {
      await bench?.close();
    });

    it('identifies itself, states its platen and passes its self-test', async () => {
      assert.ok((await bench.scanner.identify()).transportPath.startsWith('http'));
      const caps = await bench.scanner.capabilities();
      assert.ok(caps.platenMm.width >= 210 && caps.platenMm.height >= 290, JSON.stringify(caps.platenMm));
      assert.ok(caps.resolutions.includes(300));
      assert.equal((await bench.scanner.selfTest()).passed, true);
    });

    it('scans an A6 region at 300 dpi: a JPEG of the region’s size, its density stated', async () => {
      const scan = await bench.scanner.scan({ resolutionDpi: 300, regionMm: A6 });
      assert.equal(scan.format, 'image/jpeg');
      const meta = await sharp(scan.bytes).metadata();
      assert.equal(meta.format, 'jpeg');
      assert.ok(Math.abs(meta.width! - (105 / 25.4) * 300) <= 2, `width ${meta.width}`);
      assert.ok(Math.abs(meta.height! - (148 / 25.4) * 300) <= 2, `height ${meta.height}`);
      assert.equal(scan.resolutionDpi, 300);
    });

    it('refuses a resolution the scanner does not serve, then says disconnected when unplugged', async () => {
      const refused = await bench.scanner.scan({ resolutionDpi: 299 }).catch((e: DeviceError) => e);
      assert.equal((refused as DeviceError).code, 'ESCL_RESOLUTION');
      await bench.unplug();
      const lost = await bench.scanner
        .scan({ resolutionDpi: 300, regionMm: A6 })
        .catch((e: DeviceError) => e);
      assert.equal((lost as DeviceError).kind, 'disconnected');
    });
  });
}

flatbedConformance('eSCL driver over the in-process simulator', async () => {
  const sim = await serveEscl({ scene: defaultScene(await samplePortraitPng()) });
  const scanner = new EsclScanner({ url: sim.url });
  return { scanner, unplug: () => sim.control.unplug(), close: () => sim.close() };
});

flatbedConformance('eSCL driver over `recueil sim serve scanner` (a real process)', async () => {
  const child: ChildProcess = spawn(process.execPath, [bin, 'sim', 'serve', 'scanner', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/eSCL)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
  });
  const scanner = new EsclScanner({ url });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { scanner, unplug: stop, close: stop };
});

flatbedConformance(
  'real eSCL scanner (TEST_DEVICE_ESCL)',
  async () => {
    const scanner = new EsclScanner({ url: process.env.TEST_DEVICE_ESCL! });
    return {
      scanner,
      unplug: async () => {
        process.stderr.write('turn the scanner off (or unplug it) now, then wait 20 s\n');
        await new Promise((r) => setTimeout(r, 20_000));
      },
      close: () => scanner.close(),
    };
  },
  process.env.TEST_DEVICE_ESCL ? undefined : 'set TEST_DEVICE_ESCL=http://HOST:PORT/eSCL with a scanner',
);
