/**
 * electron-builder afterPack hook: flips the Electron fuses of the packed executable, then reads
 * them back from the file and fails the build if any differs from `installer/fuses.ts`.
 *
 * Runs after the app is laid out in `context.appOutDir` and before code signing (so the signature
 * covers the flipped fuses). The fuse settings are read from `installer/fuses.ts` through tsx (a
 * dependency of the project) so the hook, `scripts/check-fuses.mjs` and the tests share one source.
 *
 * Flipping uses `@electron/fuses` (devDependency, 1.x: 2.x requires Node >= 22.12); when it is not
 * installed, electron-builder's own copy is used through `packager.addElectronFuses` (>= 25.1).
 */
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

async function loadFuseModule() {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(join(__dirname, 'fuses.ts')).href, pathToFileURL(__filename).href);
}

async function loadFlipper() {
  try {
    const mod = await import('@electron/fuses');
    const api = typeof mod.flipFuses === 'function' ? mod : mod.default;
    if (api && typeof api.flipFuses === 'function') return (binary, config) => api.flipFuses(binary, config);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' && error?.code !== 'MODULE_NOT_FOUND') throw error;
  }
  return null;
}

/** @param {import('app-builder-lib').AfterPackContext} context */
exports.default = async function afterPack(context) {
  const platform = context.electronPlatformName;
  if (platform !== 'linux' && platform !== 'win32' && platform !== 'darwin') {
    throw new Error(`afterPack: unsupported platform ${platform}`);
  }
  const fuses = await loadFuseModule();
  const { packager, appOutDir } = context;
  const binary = fuses.packagedExecutablePath(platform, appOutDir, {
    productFilename: packager.appInfo.productFilename,
    executableName: packager.executableName ?? packager.appInfo.productFilename,
  });
  const config = fuses.flipFusesConfig();

  const flip = await loadFlipper();
  if (flip) {
    await flip(binary, config);
  } else if (typeof packager.addElectronFuses === 'function') {
    await packager.addElectronFuses(context, config);
  } else {
    throw new Error('afterPack: neither @electron/fuses nor packager.addElectronFuses is available');
  }

  const { wires, problems } = fuses.checkBinaryFuses(await readFile(binary));
  if (problems.length > 0) {
    throw new Error(`afterPack: fuses of ${binary} are not as configured:\n  ${problems.join('\n  ')}`);
  }
  process.stdout.write(`  • fuses set and verified  file=${binary} wires=${wires}\n`);
};
