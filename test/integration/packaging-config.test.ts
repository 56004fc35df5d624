/**
 * Packaging configuration checked without the Electron binary: electron-builder.yml against the
 * production dependencies (natives unpacked), the model manifest (packaged where the bundled device
 * host reads it), the targets, the deb dependencies and the hook files; and the fuse check script.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type ElectronBuilderConfig,
  loadElectronBuilderConfig,
  manifestDirFromBundle,
  type PackagingExpectations,
  productionNativeModules,
  readModelManifest,
  validatePackagingConfig,
} from '../../installer/electron-builder-config';
import { fuseIndex, stationFuses, stockElectronFuses, syntheticBinary } from '../../installer/fuses';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = loadElectronBuilderConfig(join(root, 'electron-builder.yml'));
const natives = productionNativeModules(root);
const manifest = readModelManifest(root, 'models/face/assets/manifest.json');
const deviceHostBundle = join(root, 'dist/electron/device-host.mjs');
const expectations: PackagingExpectations = {
  natives,
  manifest,
  packagedManifestDir: 'dist/assets',
  existing: (path) => existsSync(join(root, path)),
};
const clone = (): ElectronBuilderConfig => structuredClone(config);

describe('electron-builder.yml', () => {
  it('finds the native modules of the production dependencies', () => {
    const names = natives.map((n) => n.name);
    for (const name of [
      'node-hid',
      '@serialport/bindings-cpp',
      '@pokusew/pcsclite',
      'better-sqlite3',
      'onnxruntime-node',
      'sharp',
    ])
      assert.ok(names.includes(name), `${name} detected as native (found: ${names.join(', ')})`);
    assert.ok(
      names.some((n) => n.startsWith('@img/sharp-')),
      'sharp platform packages',
    );
    assert.ok(
      !names.includes('zod') && !names.includes('@rolldown/binding-linux-x64-gnu'),
      'no pure-JS or dev package',
    );
  });

  it('is valid: natives unpacked, models packaged, per-machine NSIS, deb and AppImage, deb depends', () => {
    assert.deepEqual(validatePackagingConfig(config, expectations), []);
  });

  it('puts the models where the bundled device host reads them', {
    skip: !existsSync(deviceHostBundle) && 'no dist/electron bundle (npm run build)',
  }, () => {
    const dir = manifestDirFromBundle(
      readFileSync(deviceHostBundle, 'utf8'),
      'dist/electron/device-host.mjs',
    );
    assert.equal(dir, expectations.packagedManifestDir);
  });

  it('ships the worker threads the bundled hosts start (portrait, embedded central, its opening)', {
    skip: !existsSync(deviceHostBundle) && 'no dist/electron bundle (npm run build)',
  }, () => {
    assert.ok(existsSync(join(root, 'dist/electron/portrait-worker.js')));
    assert.ok(existsSync(join(root, 'dist/electron/opening-worker-entry.js')));
    assert.ok(existsSync(join(root, 'dist/electron/central-embedded.js')));
  });

  it('fails when a native module is not unpacked', () => {
    const broken = clone();
    broken.asarUnpack = broken.asarUnpack.filter((p) => !p.includes('better-sqlite3'));
    assert.ok(
      validatePackagingConfig(broken, expectations).some((p) => /native module better-sqlite3/.test(p)),
    );
    const onlyAddons = clone();
    onlyAddons.asarUnpack = ['**/*.node', 'dist/assets/*.onnx'];
    assert.ok(
      validatePackagingConfig(onlyAddons, expectations).some((p) =>
        /onnxruntime-node .*not unpacked as a whole package/.test(p),
      ),
      'the shared libraries beside a .node must be unpacked too',
    );
  });

  it('fails when the models or their manifest are left out or misplaced', () => {
    const noModels = clone();
    noModels.files = noModels.files.filter((f) => typeof f === 'string');
    assert.ok(
      validatePackagingConfig(noModels, expectations).some((p) =>
        /no file set from models\/face\/assets/.test(p),
      ),
    );
    const noOnnx = clone();
    noOnnx.files = noOnnx.files.map((f) => (typeof f === 'string' ? f : { ...f, filter: ['manifest.json'] }));
    assert.ok(
      validatePackagingConfig(noOnnx, expectations).some((p) =>
        /model face_detection_front_128x128\.onnx/.test(p),
      ),
    );
    const elsewhere = clone();
    elsewhere.files = elsewhere.files.map((f) => (typeof f === 'string' ? f : { ...f, to: 'models' }));
    assert.ok(
      validatePackagingConfig(elsewhere, expectations).some((p) =>
        /device host reads them from dist\/assets/.test(p),
      ),
    );
    const unpackedManifest = clone();
    unpackedManifest.asarUnpack = [...unpackedManifest.asarUnpack, 'dist/assets/**'];
    assert.ok(
      validatePackagingConfig(unpackedManifest, expectations).some((p) =>
        /manifest must stay inside the asar/.test(p),
      ),
    );
  });

  it('fails on a per-user or one-click NSIS, a missing target, or missing deb depends', () => {
    const perUser = clone();
    perUser.nsis = { ...perUser.nsis, perMachine: false, oneClick: true };
    const problems = validatePackagingConfig(perUser, expectations);
    assert.ok(problems.includes('nsis.perMachine must be true (installed for all users)'));
    assert.ok(problems.includes('nsis.oneClick must be false (per-machine, assisted install)'));
    const noAppImage = clone();
    noAppImage.linux = { ...noAppImage.linux, target: ['deb'] };
    assert.ok(
      validatePackagingConfig(noAppImage, expectations).includes('linux.target: appimage is missing'),
    );
    const depends = clone();
    depends.deb = { ...depends.deb, depends: ['pcscd'] };
    const missing = validatePackagingConfig(depends, expectations);
    assert.ok(missing.includes('deb.depends: libpcsclite1 is missing'));
    assert.ok(
      missing.includes('deb.depends: libgtk-3-0 is missing'),
      'electron-builder defaults are replaced by depends',
    );
  });

  it('points afterPack at the fuse hook, which reads the shared fuse data', () => {
    assert.equal(config.afterPack, 'installer/after-pack.cjs');
    const hook = readFileSync(join(root, config.afterPack), 'utf8');
    assert.match(hook, /fuses\.ts/);
    assert.match(hook, /checkBinaryFuses/);
  });
});

describe('loadElectronBuilderConfig', () => {
  const load = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-builder-yml-'));
    try {
      writeFileSync(join(dir, 'electron-builder.yml'), text);
      return loadElectronBuilderConfig(join(dir, 'electron-builder.yml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const yaml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');

  it('reads YAML beyond plain maps and lists (anchors, flow mappings) as electron-builder does', () => {
    const text = yaml
      .replace(/^productName: .*$/m, 'productName: &name Recueil\nexecutableName: *name')
      .replace(/^directories:\n(?: {2}.*\n)+/m, 'directories: { output: release }\n');
    const loaded = load(text);
    assert.equal(loaded.productName, 'Recueil');
    assert.equal(loaded.executableName, 'Recueil');
    assert.deepEqual(loaded.directories, { output: 'release' });
    assert.deepEqual(loaded.files, config.files);
  });

  it('refuses a duplicate key and broken YAML with the line, and a wrong shape with the field', () => {
    assert.throws(() => load(`${yaml}\nappId: fr.other.app\n`), /keys must be unique at line \d+/);
    assert.throws(
      () => load('appId: fr.x.y\nfiles: [unclosed\n'),
      /must be sufficiently indented and end with a \] at line 3/,
    );
    assert.throws(() => load(yaml.replace(/^appId: .*$/m, 'appId: not an id')), /reverse-DNS id/);
  });
});

describe('scripts/check-fuses.mjs', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts/check-fuses.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
    });

  it('reads the fuses back from a binary: a flipped one passes, a stock one fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-fuses-'));
    try {
      const states = [...stockElectronFuses];
      for (const s of stationFuses) states[fuseIndex[s.fuse]] = s.enabled ? 'enabled' : 'disabled';
      writeFileSync(join(dir, 'good'), syntheticBinary(states));
      writeFileSync(join(dir, 'stock'), syntheticBinary(stockElectronFuses));
      const good = run(join(dir, 'good'));
      assert.equal(good.status, 0, good.stderr);
      const stock = run(join(dir, 'stock'));
      assert.equal(stock.status, 1);
      assert.match(stock.stderr, /runAsNode is enabled, expected disabled/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
