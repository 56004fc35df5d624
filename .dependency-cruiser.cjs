/**
 * Import boundaries of Recueil (see docs/architecture.md, "Rules").
 * Each native module has exactly one importing folder; common/ is the ground floor (imports nothing of
 * the project); the contract imports only common/; the renderer sees only the contract; drivers, models
 * and sync never reach into main/; nothing imports installer/; the station never imports the reference
 * central server (central/, its own program), which shares only the wire and the crypto with it.
 */
const native = (pkg, allowed, why) => ({
  name: `only-${allowed.replace(/[^a-z]+/g, '-')}-imports-${pkg.replace(/[^a-z]+/g, '-')}`,
  comment: why,
  severity: 'error',
  from: { pathNot: `^(${allowed})` },
  to: { path: `node_modules/(${pkg})/` },
});

module.exports = {
  forbidden: [
    native(
      'node-hid|serialport|@serialport/[^/]+|usb|pcsclite|@pokusew/pcsclite',
      'drivers/transports/',
      'Device buses are reached only through drivers/transports.',
    ),
    native('onnxruntime-node', 'models/runtime/', 'Inference sessions are owned by models/runtime.'),
    native(
      'better-sqlite3',
      'sync/store/|central/store/',
      "The outbox database is owned by sync/store, the central's by central/store.",
    ),
    native(
      'electron',
      'main/app/|main/preload/|main/hosts/electron-',
      'Electron APIs stay in the thin shell.',
    ),
    {
      name: 'common-is-the-ground-floor',
      comment: 'common/ (domain vocabulary, errors, host RPC) imports nothing else from the repository.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^(main|renderer|drivers|models|sync|central|installer|test|bench|scripts)/' },
    },
    {
      name: 'contract-is-a-leaf',
      comment: 'main/contract (the station API) imports only the ground floor.',
      severity: 'error',
      from: { path: '^main/contract/' },
      to: { path: '^(main|renderer|drivers|models|sync|central|installer)/', pathNot: '^main/contract/' },
    },
    {
      name: 'renderer-sees-only-the-contract',
      comment: 'The renderer imports the contract (which re-exports the vocabulary it needs), nothing else.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(main|drivers|models|sync|central|installer)/', pathNot: '^main/contract/' },
    },
    {
      name: 'ui-is-presentational',
      comment: 'renderer/src/ui has no bridge and no features.',
      severity: 'error',
      from: { path: '^renderer/src/ui/' },
      to: { path: '^renderer/src/(bridge|features)/' },
    },
    {
      name: 'fake-station-only-in-tests',
      comment:
        'renderer/src/bridge/fake (the fake station bridge, its fixtures and render helper) and test/ support ' +
        'component tests only: no product module of the renderer imports them, so no bundle contains them.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: ['\\.test\\.tsx?$', '^renderer/src/bridge/fake/'] },
      to: { path: ['^renderer/src/bridge/fake/', '^test/'] },
    },
    {
      name: 'test-support-only-in-tests',
      comment:
        'Test support (*.testing.ts, testing/ folders, test/support) is imported only by tests, benchmarks, ' +
        'scripts and other test support: no product bundle carries it.',
      severity: 'error',
      from: {
        pathNot: [
          '\\.test\\.tsx?$',
          '\\.testing\\.ts$',
          '/testing/',
          '(^|/)testing\\.ts$',
          '^renderer/src/bridge/fake/',
          '^test/',
          '^bench/',
          '^scripts/',
          '\\.bench\\.ts$',
          '\\.e2e\\.ts$',
        ],
      },
      to: { path: ['\\.testing\\.ts$', '/testing/', '(^|/)testing\\.ts$', '^test/support/'] },
    },
    {
      name: 'features-reach-the-station-through-the-bridge-hooks',
      comment: 'Features use bridge/context hooks; only bridge/connect.ts builds or reads window.station.',
      severity: 'error',
      from: { path: '^renderer/src/(features|ui)/' },
      to: {
        path: ['^renderer/src/bridge/connect\\.ts$', '^renderer/src/bridge/websocket-transport\\.ts$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'lower-layers-stay-out-of-main',
      comment:
        'drivers, models and sync run in the hosts: they share only the ground floor (common/) with main.',
      severity: 'error',
      from: { path: '^(drivers|models|sync)/' },
      to: { path: '^main/' },
    },
    {
      name: 'nothing-imports-the-installer',
      comment: 'The installer consumes the station; runtime policy lives where it runs.',
      severity: 'error',
      from: { path: '^(common|main|renderer|drivers|models|sync|central)/' },
      to: { path: '^installer/' },
    },
    {
      name: 'drivers-and-models-do-not-reach-sync',
      severity: 'error',
      from: { path: '^(drivers|models)/' },
      to: { path: '^sync/' },
    },
    {
      name: 'the-station-never-imports-the-central',
      comment:
        'central/ is its own program: the station runs it (main/cli/central-program.ts, ' +
        'sync/host/embedded-central.ts) but never imports it. Tests and benches may.',
      severity: 'error',
      from: { path: '^(common|main|renderer|drivers|models|sync|installer)/' },
      to: { path: '^central/' },
    },
    {
      name: 'the-central-shares-only-the-wire',
      comment:
        'The reference central shares with the station only the ground floor, the wire protocol, the ' +
        'dossier format, the crypto, PKI and SQLite primitives: never its hosts, engine, client or UI.',
      severity: 'error',
      from: { path: '^central/' },
      to: { path: '^(main|renderer|drivers|models|installer)/|^sync/(host|engine|client|drafts|sender)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|.data|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
