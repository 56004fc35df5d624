/**
 * Electron fuses of the packaged station, as data: the single source read by the electron-builder
 * afterPack hook (`installer/after-pack.cjs`, which flips them with `@electron/fuses`), by
 * `scripts/check-fuses.mjs` (which reads them back from a built binary) and by the tests.
 *
 * A fuse is a byte in the Electron executable, after a sentinel string: `SENTINEL | version (1 byte) |
 * wire length (1 byte) | one byte per fuse ('0' off, '1' on, 'r' removed)`. The reader below parses
 * that layout itself, so a built artifact can be checked without `@electron/fuses` installed, and the
 * reader is tested on synthetic wires (the Electron binary cannot be downloaded on CI machines).
 */

/** The marker Electron places before its fuse wire (same as `@electron/fuses`' SENTINEL). */
export const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Fuse wire format version 1 (the only one Electron has shipped). */
export const fuseWireVersion = 1;

/** Index of each fuse on the V1 wire (same numbering as `@electron/fuses`' FuseV1Options). */
export const fuseIndex = {
  runAsNode: 0,
  enableCookieEncryption: 1,
  enableNodeOptionsEnvironmentVariable: 2,
  enableNodeCliInspectArguments: 3,
  enableEmbeddedAsarIntegrityValidation: 4,
  onlyLoadAppFromAsar: 5,
  loadBrowserProcessSpecificV8Snapshot: 6,
  grantFileProtocolExtraPrivileges: 7,
  wasmTrapHandlers: 8,
} as const;

export type FuseName = keyof typeof fuseIndex;

export interface FuseSetting {
  fuse: FuseName;
  enabled: boolean;
  /** Why the station wants it this way (shown by the check script on a mismatch). */
  why: string;
}

/**
 * The station's fuses. Fuses not listed keep Electron's default. Asar integrity is enforced by
 * Electron on Windows (>= 30) and macOS; on Linux the fuse is accepted but has no effect, so the
 * deb relies on root-owned files under /opt and the AppImage on its image signature.
 */
export const stationFuses: readonly FuseSetting[] = [
  {
    fuse: 'runAsNode',
    enabled: false,
    why: 'ELECTRON_RUN_AS_NODE would turn the signed binary into a general-purpose Node runtime',
  },
  {
    fuse: 'enableCookieEncryption',
    enabled: true,
    why: 'cookies on disk are encrypted with the OS key store',
  },
  {
    fuse: 'enableNodeOptionsEnvironmentVariable',
    enabled: false,
    why: 'NODE_OPTIONS could preload arbitrary code into the main process',
  },
  {
    fuse: 'enableNodeCliInspectArguments',
    enabled: false,
    why: '--inspect would expose a debugger able to run code with the station identity',
  },
  {
    fuse: 'enableEmbeddedAsarIntegrityValidation',
    enabled: true,
    why: 'the app.asar header hash embedded at build time is verified at start (Windows, macOS)',
  },
  {
    fuse: 'onlyLoadAppFromAsar',
    enabled: true,
    why: 'no loading of an app/ folder or default_app beside the asar (integrity cannot be bypassed)',
  },
  {
    fuse: 'grantFileProtocolExtraPrivileges',
    enabled: false,
    why: 'the renderer is served from app://recueil, file:// needs no privileges',
  },
];

/** The configuration object `@electron/fuses`' flipFuses expects: `{ version: '1', [index]: boolean }`. */
export function flipFusesConfig(settings: readonly FuseSetting[] = stationFuses): Record<string, unknown> {
  const config: Record<string, unknown> = {
    version: String(fuseWireVersion),
    strictlyRequireAllFuses: false,
  };
  for (const s of settings) config[String(fuseIndex[s.fuse])] = s.enabled;
  return config;
}

export type FuseState = 'enabled' | 'disabled' | 'removed' | 'inherit' | 'unknown';

export interface FuseWire {
  /** Byte offset of the sentinel in the binary. */
  offset: number;
  version: number;
  states: FuseState[];
}

function stateOf(byte: number | undefined): FuseState {
  switch (byte) {
    case 0x30:
      return 'disabled';
    case 0x31:
      return 'enabled';
    case 0x72:
      return 'removed';
    case 0x90:
      return 'inherit';
    default:
      return 'unknown';
  }
}

/**
 * Every fuse wire of a binary (a universal macOS binary has one per architecture; Windows and Linux
 * executables have one). Empty when the sentinel is absent (not an Electron >= 12 binary).
 */
export function readFuseWires(binary: Uint8Array): FuseWire[] {
  const sentinel = Buffer.from(fuseSentinel, 'ascii');
  const haystack = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength);
  const wires: FuseWire[] = [];
  let at = haystack.indexOf(sentinel);
  while (at >= 0) {
    const header = at + sentinel.length;
    const version = haystack[header];
    const length = haystack[header + 1];
    if (version !== undefined && length !== undefined) {
      const states: FuseState[] = [];
      for (let i = 0; i < length; i++) states.push(stateOf(haystack[header + 2 + i]));
      wires.push({ offset: at, version, states });
    }
    at = haystack.indexOf(sentinel, at + 1);
  }
  return wires;
}

export interface FuseMismatch {
  fuse: FuseName;
  expected: 'enabled' | 'disabled';
  actual: FuseState | 'absent';
  why: string;
}

/** Compares one wire with the expected settings; an empty list means the binary is as configured. */
export function checkFuseWire(
  wire: FuseWire,
  settings: readonly FuseSetting[] = stationFuses,
): FuseMismatch[] {
  const mismatches: FuseMismatch[] = [];
  for (const s of settings) {
    const expected = s.enabled ? 'enabled' : 'disabled';
    const actual = wire.states[fuseIndex[s.fuse]] ?? 'absent';
    if (actual !== expected) mismatches.push({ fuse: s.fuse, expected, actual, why: s.why });
  }
  return mismatches;
}

/** Checks every wire of a binary; a binary without any wire is itself a failure. */
export function checkBinaryFuses(
  binary: Uint8Array,
  settings: readonly FuseSetting[] = stationFuses,
): { wires: number; problems: string[] } {
  const wires = readFuseWires(binary);
  if (wires.length === 0)
    return { wires: 0, problems: ['no fuse wire found (not an Electron >= 12 binary?)'] };
  const problems: string[] = [];
  for (const wire of wires) {
    if (wire.version !== fuseWireVersion) {
      problems.push(`wire at ${wire.offset}: version ${wire.version}, expected ${fuseWireVersion}`);
      continue;
    }
    for (const m of checkFuseWire(wire, settings)) {
      problems.push(`wire at ${wire.offset}: ${m.fuse} is ${m.actual}, expected ${m.expected} (${m.why})`);
    }
  }
  return { wires: wires.length, problems };
}

/** Builds a synthetic binary with a fuse wire (tests; a stock Electron has every listed fuse at its default). */
export function syntheticBinary(states: readonly FuseState[], padding = 64): Buffer {
  const byte: Record<FuseState, number> = {
    disabled: 0x30,
    enabled: 0x31,
    removed: 0x72,
    inherit: 0x90,
    unknown: 0x3f,
  };
  return Buffer.concat([
    Buffer.alloc(padding, 0xcc),
    Buffer.from(fuseSentinel, 'ascii'),
    Buffer.from([fuseWireVersion, states.length, ...states.map((s) => byte[s])]),
    Buffer.alloc(padding, 0xcc),
  ]);
}

/** The fuse states of a stock (unflipped) Electron 41 binary, per the Electron fuses documentation. */
export const stockElectronFuses: readonly FuseState[] = [
  'enabled', // runAsNode
  'disabled', // enableCookieEncryption
  'enabled', // enableNodeOptionsEnvironmentVariable
  'enabled', // enableNodeCliInspectArguments
  'disabled', // enableEmbeddedAsarIntegrityValidation
  'disabled', // onlyLoadAppFromAsar
  'disabled', // loadBrowserProcessSpecificV8Snapshot
  'enabled', // grantFileProtocolExtraPrivileges
  'enabled', // wasmTrapHandlers
];

export type PackagedPlatform = 'linux' | 'win32' | 'darwin';

/**
 * Where the Electron executable sits in electron-builder's unpacked output (`context.appOutDir`).
 * On macOS the fuses live in the Electron Framework, not in the app's launcher.
 */
export function packagedExecutablePath(
  platform: PackagedPlatform,
  appOutDir: string,
  names: { productFilename: string; executableName: string },
): string {
  const join = (...parts: string[]) => parts.join('/').replace(/\/+/g, '/');
  switch (platform) {
    case 'linux':
      return join(appOutDir, names.executableName);
    case 'win32':
      return join(appOutDir, `${names.productFilename}.exe`);
    case 'darwin':
      return join(
        appOutDir,
        `${names.productFilename}.app`,
        'Contents/Frameworks/Electron Framework.framework/Electron Framework',
      );
  }
}
