/**
 * Static hardening check of the Electron shell (no Electron binary needed): the sources of main/app
 * and main/preload, and the esbuild bundles in dist/electron when they are built, carry no weakened
 * webPreferences, no unsafe CSP, no unguarded openExternal, no remote module and no IPC handler
 * without a sender check. Every rule is also shown to fire on a fixture.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type HardeningRule, scanHtml, scanSource } from '../../installer/hardening-scan';

const root = fileURLToPath(new URL('../..', import.meta.url));

function filesIn(dir: string, pattern: RegExp): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f));
}

const sources = [...filesIn('main/app', /\.ts$/), ...filesIn('main/preload', /\.ts$/)];
const bundles = filesIn('dist/electron', /\.(c|m)?js$/);
const html = [...filesIn('renderer', /^index\.html$/), ...filesIn('dist/renderer', /^index\.html$/)];

const rulesOf = (file: string, text: string): HardeningRule[] => scanSource(file, text).map((f) => f.rule);

describe('static hardening scan', () => {
  it('finds nothing in main/app and main/preload', () => {
    assert.ok(
      sources.some((f) => f.endsWith('window-options.ts')) && sources.some((f) => f.endsWith('preload.ts')),
    );
    const findings = sources.flatMap((f) => scanSource(f, readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(findings, []);
  });

  it('finds nothing in the bundled shell and hosts', {
    skip: bundles.length === 0 && 'dist/electron not built',
  }, () => {
    const findings = bundles.flatMap((f) => scanSource(f, readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(findings, []);
    const main = readFileSync(join(root, 'dist/electron/main.cjs'), 'utf8');
    for (const wired of [
      'enableSandbox',
      'setPermissionRequestHandler',
      'setWindowOpenHandler',
      'will-navigate',
      'isTrustedSender',
    ])
      assert.ok(main.includes(wired), `the bundled main process carries ${wired}`);
  });

  it('finds no unsafe CSP in the renderer HTML', () => {
    assert.deepEqual(
      html.flatMap((f) => scanHtml(f, readFileSync(join(root, f), 'utf8'))),
      [],
    );
  });

  it('fires on weakened webPreferences (source and minified forms)', () => {
    const fixture = `new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false,
      webSecurity: false, allowRunningInsecureContent: true, webviewTag: true } });`;
    const findings = scanSource('fixture.ts', fixture);
    assert.equal(findings.length, 6);
    assert.ok(findings.every((f) => f.rule === 'insecure-web-preference' && f.file === 'fixture.ts'));
    assert.match(findings[0]!.text, /nodeIntegration: true/);
    assert.deepEqual(rulesOf('min.js', 'x={webPreferences:{nodeIntegration:!0,contextIsolation:!1}}'), [
      'insecure-web-preference',
      'insecure-web-preference',
    ]);
    assert.deepEqual(
      rulesOf('ok.ts', '// nodeIntegration: true is forbidden\nconst o = { nodeIntegration: false };'),
      [],
    );
  });

  it('fires on an unsafe CSP and insecure switches', () => {
    assert.deepEqual(rulesOf('csp.ts', `const csp = "script-src 'self' 'unsafe-inline'";`), ['csp-unsafe']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture is a JS template literal on purpose
    assert.deepEqual(rulesOf('csp.ts', "const csp = `script-src 'self' 'unsafe-eval' ${x}`;"), [
      'csp-unsafe',
    ]);
    assert.deepEqual(rulesOf('m.ts', "app.commandLine.appendSwitch('disable-web-security');"), [
      'insecure-switch',
    ]);
    assert.equal(
      scanHtml(
        'index.html',
        `<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'">`,
      ).length,
      1,
    );
  });

  it('fires on openExternal without an allow-list, not with one', () => {
    assert.deepEqual(rulesOf('m.ts', 'function open(url) { shell.openExternal(url); }'), [
      'open-external-unguarded',
    ]);
    assert.deepEqual(
      rulesOf(
        'm.ts',
        'function open(url) { if (!isAllowedExternalUrl(url)) return; shell.openExternal(url); }',
      ),
      [],
    );
  });

  it('fires on the remote module', () => {
    assert.deepEqual(rulesOf('a.ts', "import { remote } from 'electron';"), ['remote-module']);
    assert.deepEqual(rulesOf('b.ts', "import * as r from '@electron/remote';"), ['remote-module']);
    assert.deepEqual(rulesOf('c.js', "const { remote } = require('electron');"), ['remote-module']);
    assert.deepEqual(rulesOf('d.js', 'import_electron.remote.getCurrentWindow();'), ['remote-module']);
  });

  it('fires on IPC handlers without a sender check', () => {
    assert.deepEqual(rulesOf('i.ts', "ipcMain.on('x', (event, a) => { doIt(a); });"), [
      'ipc-without-sender-check',
    ]);
    assert.deepEqual(rulesOf('i.js', "import_electron.ipcMain.handle('x', handler);"), [
      'ipc-without-sender-check',
    ]);
    assert.deepEqual(
      rulesOf('i.ts', "ipcMain2.handle('x', async (event) => { if (!isTrustedSender(event)) return; });"),
      [],
    );
    assert.deepEqual(
      rulesOf('i.ts', "ipcMain.on('x', (e) => { if (e.senderFrame?.url !== o) return; });"),
      [],
    );
  });
});
