import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { kioskPolicy } from '../../main/app/kiosk-policy';
import {
  desktopExecArg,
  renderNsisInclude,
  systemdArg,
  systemdUserUnit,
  windowsRunKey,
  xdgAutostartEntry,
} from '.';

describe('Linux auto-start', () => {
  it('generates a systemd user unit that starts the kiosk and restarts it with backoff', () => {
    const unit = systemdUserUnit({
      executable: '/opt/Recueil/recueil',
      args: ['--config', '/etc/recueil/station.json'],
    });
    assert.match(unit, /^\[Unit\]$/m);
    assert.match(unit, /^ExecStart=\/opt\/Recueil\/recueil --kiosk --config \/etc\/recueil\/station\.json$/m);
    assert.match(unit, /^Restart=on-failure$/m);
    assert.match(unit, new RegExp(`^RestartSec=${kioskPolicy.main.initialDelayMs / 1000}s$`, 'm'));
    assert.match(unit, new RegExp(`^RestartMaxDelaySec=${kioskPolicy.main.maxDelayMs / 1000}s$`, 'm'));
    assert.match(unit, /^StartLimitIntervalSec=0$/m);
    assert.match(unit, /^WantedBy=graphical-session\.target$/m);
  });

  it('generates an XDG autostart entry', () => {
    const entry = xdgAutostartEntry();
    assert.match(entry, /^\[Desktop Entry\]$/m);
    assert.match(entry, /^Type=Application$/m);
    assert.match(entry, /^Exec=\/opt\/Recueil\/recueil --kiosk$/m);
    assert.match(entry, /^Terminal=false$/m);
  });

  it('quotes arguments for each format', () => {
    assert.equal(systemdArg('/opt/My App/recueil'), '"/opt/My App/recueil"');
    assert.equal(systemdArg('50%'), '50%%');
    assert.equal(systemdArg('$HOME'), '$$HOME');
    assert.equal(desktopExecArg('/opt/My App/recueil'), '"/opt/My App/recueil"');
    assert.equal(desktopExecArg('$HOME'), '"\\\\$HOME"');
    assert.equal(desktopExecArg('50%'), '50%%');
  });
});

describe('Windows auto-start', () => {
  it('is a per-machine Run key with the kiosk switch', () => {
    const key = windowsRunKey();
    assert.equal(key.hive, 'HKLM');
    assert.equal(key.key, 'Software\\Microsoft\\Windows\\CurrentVersion\\Run');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: NSIS define, not a JS placeholder
    assert.equal(key.command, '"$INSTDIR\\${APP_EXECUTABLE_FILENAME}" --kiosk');
  });

  it('the NSIS include committed beside electron-builder.yml is the generated one', () => {
    const committed = readFileSync(new URL('../nsis/autostart.nsh', import.meta.url), 'utf8');
    assert.equal(committed, renderNsisInclude(), 'regenerate installer/nsis/autostart.nsh from windows.ts');
    assert.match(committed, /!macro customInstall[\s\S]*WriteRegStr HKLM/);
    assert.match(
      committed,
      /!macro customUnInstall[\s\S]*\$\{ifNot\} \$\{isUpdated\}[\s\S]*DeleteRegValue HKLM/,
    );
  });
});
