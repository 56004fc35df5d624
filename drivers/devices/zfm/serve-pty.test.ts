import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSerialBus } from '../../transports/serialport';
import { ZfmDriver } from './driver';
import { PROMPT_PLACE_FINGER } from './protocol/confirmation';
import { serveZfmOnPty, type ZfmPtyServer } from './serve-pty';

const SOCAT = '/usr/bin/socat';
const haveSocat = existsSync(SOCAT);

/** Starts a socat pty pair and resolves once socat reports its data loop (both links exist). */
function startSocat(dir: string): Promise<{ child: ChildProcess; a: string; b: string }> {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop')) resolve({ child, a, b });
    });
    child.once('exit', (code) => reject(new Error(`socat exited (${code}): ${log}`)));
    child.once('error', reject);
  });
}

describe('ZFM over a real pseudo-terminal pair (socat)', {
  skip: haveSocat ? false : `socat not found at ${SOCAT}: install the Debian package socat to run this test`,
}, () => {
  let dir: string;
  let socat: ChildProcess;
  let paths: { a: string; b: string };
  let server: ZfmPtyServer;
  let driver: ZfmDriver;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recueil-zfm-pty-'));
    const started = await startSocat(dir);
    socat = started.child;
    paths = started;
    server = await serveZfmOnPty(paths.a);
    driver = new ZfmDriver(await createSerialBus().open(paths.b, { baudRate: 57_600 }), {
      pollIntervalMs: 10,
      answerTimeoutMs: 2000,
    });
  });

  after(async () => {
    await driver?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (socat && socat.exitCode === null) {
      const exited = new Promise((resolve) => socat.once('exit', resolve));
      socat.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('identifies and self-tests the module through the tty', async () => {
    const id = await driver.identify();
    assert.equal(id.baudRate, 57_600);
    assert.equal(id.transportPath, paths.b);
    assert.equal((await driver.selfTest()).passed, true);
  });

  it('captures a 256×288 image through the tty (finger placed by default)', async () => {
    const capture = await driver.capture();
    assert.equal(capture.image.width, 256);
    assert.equal(capture.image.height, 288);
    assert.equal(capture.image.pixels.length, 256 * 288);
  });

  it('prompts for the finger when the scripted module has none, then captures', async () => {
    server.simulator.removeFinger();
    const prompts: string[] = [];
    const capture = await driver.capture({
      onPrompt: (p) => {
        prompts.push(p.prompt ?? '');
        server.simulator.placeFinger();
      },
    });
    assert.deepEqual(prompts, [PROMPT_PLACE_FINGER]);
    assert.equal(capture.image.height, 288);
  });
});
