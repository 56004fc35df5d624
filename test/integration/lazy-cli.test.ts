/**
 * The CLI loads lazily: `recueil --help` and `recueil config check` load no native module (SQLite,
 * ONNX Runtime, PC/SC, HID, serial ports, sharp), hence no model either. Each runs as a real child
 * process with a preload that lists every CommonJS module it loaded (test/support/loaded-modules.mjs).
 * Its speed is the bench's business; this test asserts what is loaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { appRoot, writeTestStationConfig } from '../e2e/station-process';

const NATIVE =
  /node_modules\/(better-sqlite3|onnxruntime-node|@pokusew\/pcsclite|pcsclite|node-hid|serialport|@serialport\/bindings-cpp|sharp|@img\/sharp-[\w-]+)\//;

const dir = mkdtempSync(join(tmpdir(), 'recueil-lazy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
function loadedBy(args: string[]): { status: number | null; stdout: string; modules: string[] } {
  const list = join(dir, `modules-${runs++}.txt`);
  const result = spawnSync(
    process.execPath,
    ['--import', './test/support/loaded-modules.mjs', 'bin/recueil.mjs', ...args],
    { cwd: appRoot, encoding: 'utf8', env: { ...process.env, RECUEIL_LOADED_MODULES: list } },
  );
  return { status: result.status, stdout: result.stdout, modules: readFileSync(list, 'utf8').split('\n') };
}

describe('lazy CLI', () => {
  it('the preload sees a native module when one is loaded (the check can fail)', () => {
    const { status, modules } = loadedBy(['queue', 'status', '--config', join(dir, 'missing.json')]);
    assert.notEqual(status, 0);
    assert.ok(
      modules.some((m) => NATIVE.test(m)),
      'queue status loads SQLite',
    );
  });

  it('recueil --help loads no native module', () => {
    const { status, stdout, modules } = loadedBy(['--help']);
    assert.equal(status, 0);
    assert.match(stdout, /Usage: recueil/);
    for (const command of ['start', 'config', 'devices', 'photo', 'fingerprint', 'chip', 'sync', 'queue'])
      assert.match(stdout, new RegExp(`\\n  ${command}\\b`), `${command} is listed`);
    assert.deepEqual(
      modules.filter((m) => NATIVE.test(m)),
      [],
    );
  });

  it('recueil config check loads no native module', () => {
    const file = join(dir, 'station.json');
    writeTestStationConfig(file, 'DR-LAZY-0001');
    const { status, stdout, modules } = loadedBy(['config', 'check', '--config', file]);
    assert.equal(status, 0);
    assert.equal(JSON.parse(stdout).station.id, 'DR-LAZY-0001');
    assert.deepEqual(
      modules.filter((m) => NATIVE.test(m)),
      [],
    );
  });
});
