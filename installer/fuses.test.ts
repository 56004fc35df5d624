import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkBinaryFuses,
  type FuseState,
  flipFusesConfig,
  fuseIndex,
  packagedExecutablePath,
  readFuseWires,
  stationFuses,
  stockElectronFuses,
  syntheticBinary,
} from './fuses';

/** The wire a correctly flipped Electron 41 binary carries. */
function flipped(): FuseState[] {
  const states = [...stockElectronFuses];
  for (const s of stationFuses) states[fuseIndex[s.fuse]] = s.enabled ? 'enabled' : 'disabled';
  return states;
}

describe('fuse configuration', () => {
  it('sets the fuses the issue requires', () => {
    const want = {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    } as const;
    for (const [fuse, enabled] of Object.entries(want)) {
      assert.equal(stationFuses.find((s) => s.fuse === fuse)?.enabled, enabled, fuse);
    }
    assert.equal(new Set(stationFuses.map((s) => s.fuse)).size, stationFuses.length, 'no fuse twice');
    for (const s of stationFuses) assert.ok(s.why.length > 10, `${s.fuse} is justified`);
  });

  it('gives @electron/fuses its V1 config (index keys, version "1")', () => {
    const config = flipFusesConfig();
    assert.equal(config.version, '1');
    assert.equal(config['0'], false, 'RunAsNode = 0');
    assert.equal(config['1'], true, 'EnableCookieEncryption = 1');
    assert.equal(config['2'], false, 'EnableNodeOptionsEnvironmentVariable = 2');
    assert.equal(config['3'], false, 'EnableNodeCliInspectArguments = 3');
    assert.equal(config['4'], true, 'EnableEmbeddedAsarIntegrityValidation = 4');
    assert.equal(config['5'], true, 'OnlyLoadAppFromAsar = 5');
  });
});

describe('reading fuses back from a binary', () => {
  it('accepts a binary flipped as configured', () => {
    assert.deepEqual(checkBinaryFuses(syntheticBinary(flipped())), { wires: 1, problems: [] });
  });

  it('refuses a stock (unflipped) Electron, naming each fuse', () => {
    const { problems } = checkBinaryFuses(syntheticBinary(stockElectronFuses));
    assert.ok(problems.some((p) => /runAsNode is enabled, expected disabled/.test(p)));
    assert.ok(problems.some((p) => /onlyLoadAppFromAsar is disabled, expected enabled/.test(p)));
    assert.ok(problems.some((p) => /enableNodeCliInspectArguments is enabled/.test(p)));
  });

  it('checks every wire (universal binaries) and reports a missing wire or fuse', () => {
    const twice = Buffer.concat([syntheticBinary(flipped()), syntheticBinary(stockElectronFuses)]);
    const wires = readFuseWires(twice);
    assert.equal(wires.length, 2);
    assert.ok(checkBinaryFuses(twice).problems.length > 0, 'one bad wire is enough to fail');
    assert.deepEqual(checkBinaryFuses(Buffer.from('not electron')).problems, [
      'no fuse wire found (not an Electron >= 12 binary?)',
    ]);
    const short = checkBinaryFuses(syntheticBinary(flipped().slice(0, 3))).problems;
    assert.ok(short.some((p) => /onlyLoadAppFromAsar is absent/.test(p)));
    const removed = flipped();
    removed[fuseIndex.runAsNode] = 'removed';
    assert.ok(
      checkBinaryFuses(syntheticBinary(removed)).problems.some((p) => /runAsNode is removed/.test(p)),
    );
  });

  it('finds the executable electron-builder packs', () => {
    const names = { productFilename: 'Recueil', executableName: 'recueil' };
    assert.equal(
      packagedExecutablePath('linux', '/out/linux-unpacked', names),
      '/out/linux-unpacked/recueil',
    );
    assert.equal(
      packagedExecutablePath('win32', '/out/win-unpacked', names),
      '/out/win-unpacked/Recueil.exe',
    );
    assert.match(
      packagedExecutablePath('darwin', '/out/mac', names),
      /Recueil\.app\/Contents\/Frameworks\/Electron Framework/,
    );
  });
});
