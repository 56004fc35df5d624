/**
 * Loads `electron-builder.yml` (with the `yaml` package, a full YAML 1.2 parser, duplicate keys refused)
 * and checks what the station's packaging depends on, without the Electron binary:
 * - every native add-on among the production dependencies (found in package-lock.json and on disk:
 *   binding.gyp or a compiled `.node`) is unpacked from the asar as a whole package (the shared
 *   libraries beside the `.node` must be real files too), unless the package is excluded from the app;
 * - the ONNX manifest and every model it lists are packaged where the bundled device host looks for
 *   them, the models unpacked, the manifest kept inside the integrity-checked asar;
 * - the targets: Windows NSIS per-machine (not one-click), Linux deb and AppImage; the deb depends on
 *   the smart-card daemon and library and libusb, on top of electron-builder's defaults (which an
 *   explicit `depends` replaces);
 * - the app files (bundles, renderer, package.json) and the afterPack fuse hook.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const FileSet = z.object({
  from: z.string(),
  to: z.string().optional(),
  filter: z.union([z.string(), z.array(z.string())]).optional(),
});
export type FileSet = z.infer<typeof FileSet>;
const FilePattern = z.union([z.string(), FileSet]);

const TargetEntry = z.union([
  z.string(),
  z.looseObject({ target: z.string(), arch: z.union([z.string(), z.array(z.string())]).optional() }),
]);
const Targets = z.union([TargetEntry, z.array(TargetEntry)]);

export const ElectronBuilderConfig = z.looseObject({
  appId: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'reverse-DNS id'),
  productName: z.string().min(1),
  directories: z.looseObject({ output: z.string() }).optional(),
  files: z.array(FilePattern).min(1),
  asar: z.boolean().optional(),
  asarUnpack: z.array(z.string()).min(1),
  afterPack: z.string(),
  win: z.looseObject({ target: Targets, executableName: z.string().optional() }),
  nsis: z.looseObject({ perMachine: z.boolean(), oneClick: z.boolean(), include: z.string().optional() }),
  linux: z.looseObject({ target: Targets, executableName: z.string().optional(), maintainer: z.string() }),
  deb: z.looseObject({ depends: z.array(z.string()).min(1) }),
});
export type ElectronBuilderConfig = z.infer<typeof ElectronBuilderConfig>;

/** electron-builder's default deb dependencies (app-builder-lib), lost when `depends` is set. */
export const electronBuilderDefaultDebDepends = [
  'libgtk-3-0',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0',
  'libuuid1',
  'libsecret-1-0',
];

/** What the station itself needs from Debian. */
export const stationDebDepends = ['pcscd', 'libpcsclite1', 'libusb-1.0-0'];

/** Reads and validates the file; a YAML error (with its line and column) or a zod error is thrown. */
export function loadElectronBuilderConfig(path: string): ElectronBuilderConfig {
  return ElectronBuilderConfig.parse(parseYaml(readFileSync(path, 'utf8'), { uniqueKeys: true }));
}

/** Glob (electron-builder / minimatch subset: `**`, `*`, `?`, `{a,b}`) to a RegExp on posix paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) throw new Error(`unbalanced brace in ${glob}`);
      out += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((alt) => globToRegExp(alt).source.slice(1, -1))
        .join('|')})`;
      i = end;
    } else out += /[.+^$()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${out}$`);
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(path));
}

export interface NativeModule {
  name: string;
  /** Compiled add-ons found on disk, relative to the package folder (empty when not installed here). */
  addons: string[];
  reason: 'binding.gyp' | 'compiled add-on' | 'platform variant';
}

interface LockPackage {
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  gypfile?: boolean;
}

function findAddons(dir: string, base = dir, depth = 0, out: string[] = []): string[] {
  if (depth > 5) return out;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) findAddons(full, base, depth + 1, out);
    else if (entry.name.endsWith('.node')) out.push(relative(base, full).split('\\').join('/'));
  }
  return out;
}

function packageName(lockKey: string): string {
  return lockKey.slice(lockKey.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/**
 * Native add-ons among the production dependencies (package-lock.json entries not marked dev), by
 * what is on disk: a binding.gyp (root or src/) or a compiled `.node`. Platform-specific variants of
 * a native scope (e.g. `@img/sharp-win32-x64` when `@img/sharp-linux-x64` is installed) count too.
 */
export function productionNativeModules(root: string): NativeModule[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  const found = new Map<string, NativeModule>();
  const prod = Object.entries(lock.packages).filter(([key, p]) => key !== '' && !p.dev && !p.devOptional);
  for (const [key, p] of prod) {
    const dir = join(root, key);
    if (!existsSync(dir)) continue;
    const name = packageName(key);
    const gyp =
      p.gypfile || existsSync(join(dir, 'binding.gyp')) || existsSync(join(dir, 'src', 'binding.gyp'));
    const addons = findAddons(dir);
    if (gyp || addons.length > 0) {
      found.set(name, { name, addons, reason: gyp ? 'binding.gyp' : 'compiled add-on' });
    }
  }
  const nativeScopes = new Set(
    [...found.values()]
      .filter((m) => m.name.startsWith('@') && m.reason === 'compiled add-on')
      .map((m) => m.name.split('/')[0]),
  );
  for (const [key, p] of prod) {
    const name = packageName(key);
    if (found.has(name) || !(p.os || p.cpu)) continue;
    if (nativeScopes.has(name.split('/')[0]))
      found.set(name, { name, addons: [], reason: 'platform variant' });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export interface ModelManifest {
  /** Folder of the manifest, relative to the repository root (posix). */
  dir: string;
  files: string[];
}

export function readModelManifest(root: string, manifestPath: string): ModelManifest {
  const parsed = z
    .object({ models: z.array(z.object({ file: z.string() })).min(1) })
    .parse(JSON.parse(readFileSync(join(root, manifestPath), 'utf8')));
  return { dir: dirname(manifestPath).split('\\').join('/'), files: parsed.models.map((m) => m.file) };
}

export interface PackagingExpectations {
  natives: readonly NativeModule[];
  manifest: ModelManifest;
  /** Where the bundled device host reads the manifest, relative to the app root (e.g. dist/assets). */
  packagedManifestDir: string;
  /** Files that must exist for the hooks referenced by the config (relative to the root). */
  existing?: (path: string) => boolean;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function targetNames(targets: z.infer<typeof Targets>): string[] {
  return asList(targets).map((t) => (typeof t === 'string' ? t : t.target).toLowerCase());
}

/** Every problem of the configuration, as sentences; empty when the packaging is as required. */
export function validatePackagingConfig(
  config: ElectronBuilderConfig,
  expect: PackagingExpectations,
): string[] {
  const problems: string[] = [];
  const patterns = config.files.filter((f): f is string => typeof f === 'string');
  const excluded = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));

  if (config.asar === false)
    problems.push('asar must stay enabled (integrity and onlyLoadAppFromAsar fuses)');
  for (const required of [
    'package.json',
    'dist/electron/main.cjs',
    'dist/electron/preload.cjs',
    'dist/renderer/index.html',
  ]) {
    if (
      !matchesAny(
        required,
        patterns.filter((p) => !p.startsWith('!')),
      )
    )
      problems.push(`files: ${required} is not included`);
  }

  for (const native of expect.natives) {
    const probe = `node_modules/${native.name}/package.json`;
    if (matchesAny(probe, excluded)) continue; // not shipped at all
    const paths = [probe, ...native.addons.map((a) => `node_modules/${native.name}/${a}`)];
    const uncovered = paths.filter((p) => !matchesAny(p, config.asarUnpack));
    if (uncovered.length > 0)
      problems.push(
        `asarUnpack: native module ${native.name} (${native.reason}) is not unpacked as a whole package (${uncovered.join(', ')})`,
      );
  }

  const modelSets = config.files.filter(
    (f): f is FileSet =>
      typeof f !== 'string' && posix.normalize(f.from) === posix.normalize(expect.manifest.dir),
  );
  if (modelSets.length === 0) {
    problems.push(`files: no file set from ${expect.manifest.dir} (the ONNX models and their manifest)`);
  }
  for (const set of modelSets) {
    const to = posix.normalize(set.to ?? set.from);
    if (to !== posix.normalize(expect.packagedManifestDir))
      problems.push(
        `files: models go to ${to}, the device host reads them from ${expect.packagedManifestDir}`,
      );
    const filters = asList(set.filter);
    const included = (file: string) => filters.length === 0 || matchesAny(file, filters);
    if (!included('manifest.json'))
      problems.push(`files: ${expect.manifest.dir}/manifest.json is not included`);
    for (const file of expect.manifest.files) {
      if (!included(file)) problems.push(`files: model ${file} of the manifest is not included`);
      if (!matchesAny(`${to}/${file}`, config.asarUnpack))
        problems.push(`asarUnpack: model ${to}/${file} is not unpacked`);
    }
    if (matchesAny(`${to}/manifest.json`, config.asarUnpack))
      problems.push('asarUnpack: the model manifest must stay inside the asar (it pins the models’ SHA-256)');
  }

  if (!targetNames(config.win.target).includes('nsis')) problems.push('win.target: nsis is missing');
  if (config.nsis.perMachine !== true)
    problems.push('nsis.perMachine must be true (installed for all users)');
  if (config.nsis.oneClick !== false)
    problems.push('nsis.oneClick must be false (per-machine, assisted install)');
  const linuxTargets = targetNames(config.linux.target);
  for (const t of ['deb', 'appimage'])
    if (!linuxTargets.includes(t)) problems.push(`linux.target: ${t} is missing`);

  const depends = config.deb.depends.flatMap((d) => d.split('|').map((alt) => alt.trim()));
  for (const pkg of [...electronBuilderDefaultDebDepends, ...stationDebDepends]) {
    if (!depends.includes(pkg)) problems.push(`deb.depends: ${pkg} is missing`);
  }

  const exists = expect.existing ?? (() => true);
  if (!exists(config.afterPack)) problems.push(`afterPack: ${config.afterPack} does not exist`);
  if (config.nsis.include && !exists(config.nsis.include))
    problems.push(`nsis.include: ${config.nsis.include} does not exist`);
  return problems;
}

/**
 * Where a bundled host resolves `new URL('<rel>/manifest.json', import.meta.url)`, relative to the
 * app root: read from the bundle (dist/electron/device-host.mjs) so a change of layout is caught.
 */
export function manifestDirFromBundle(bundleText: string, bundlePath: string): string | null {
  const match = /new URL\(\s*["']([^"']*manifest\.json)["']\s*,\s*import\.meta\.url\s*\)/.exec(bundleText);
  if (!match) return null;
  return posix.dirname(posix.normalize(posix.join(posix.dirname(bundlePath), match[1]!)));
}
