/**
 * The Linux install path without a package build: the udev rules shipped in the deb are the ones
 * the drivers' ID tables generate today, electron-builder.yml ships them and runs the maintainer
 * scripts, and the scripts do what they say (run against a temporary root with stub commands).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderUdevRules } from '../../drivers/registry/udev-rules';
import { loadElectronBuilderConfig } from '../../installer/electron-builder-config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rulesFile = join(root, 'installer/linux/70-recueil.rules');

/** A temporary root with stub getent/groupadd/udevadm/systemctl that log their calls. */
function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-install-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const calls = join(dir, 'calls.log');
  for (const [name, exit] of [
    ['getent', 2],
    ['groupadd', 0],
    ['udevadm', 0],
    ['systemctl', 0],
  ] as const) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${calls}"\nexit ${exit}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  mkdirSync(join(dir, 'opt/Recueil/resources/udev'), { recursive: true });
  mkdirSync(join(dir, 'etc/udev/rules.d'), { recursive: true });
  writeFileSync(join(dir, 'opt/Recueil/resources/udev/70-recueil.rules'), readFileSync(rulesFile));
  const run = (script: string, ...args: string[]) =>
    spawnSync('sh', [join(root, 'installer/linux', script), ...args], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        RECUEIL_INSTALL_ROOT: dir,
        sanitizedProductName: 'Recueil',
      },
    });
  return { dir, calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8') : ''), run };
}

describe('Linux installation', () => {
  it('ships the udev rules that the drivers generate today', () => {
    assert.equal(
      readFileSync(rulesFile, 'utf8'),
      renderUdevRules(),
      'regenerate: recueil udev-rules > installer/linux/70-recueil.rules',
    );
  });

  it('packages the rules and runs the maintainer scripts', () => {
    const config = loadElectronBuilderConfig(join(root, 'electron-builder.yml')) as Record<
      string,
      unknown
    > & {
      extraResources?: { from: string; to: string }[];
      deb?: { afterInstall?: string; afterRemove?: string };
    };
    assert.deepEqual(config.extraResources, [
      { from: 'installer/linux/70-recueil.rules', to: 'udev/70-recueil.rules' },
    ]);
    for (const script of [config.deb?.afterInstall, config.deb?.afterRemove]) {
      assert.ok(script, 'deb maintainer script configured');
      assert.ok(statSync(join(root, script)).mode & 0o111, `${script} is executable`);
      assert.equal(spawnSync('sh', ['-n', join(root, script)]).status, 0, `${script} parses`);
    }
  });

  it('postinst creates the group, installs the rules and reloads udev; postrm removes them', () => {
    const box = sandbox();
    try {
      const installed = box.run('after-install.sh', 'configure');
      assert.equal(installed.status, 0, installed.stderr);
      assert.equal(
        readFileSync(join(box.dir, 'etc/udev/rules.d/70-recueil.rules'), 'utf8'),
        readFileSync(rulesFile, 'utf8'),
      );
      const calls = box.calls();
      assert.match(calls, /groupadd --system recueil/);
      assert.match(calls, /udevadm control --reload-rules/);
      assert.match(calls, /udevadm trigger/);
      const upgraded = box.run('after-remove.sh', 'upgrade');
      assert.equal(upgraded.status, 0);
      assert.ok(existsSync(join(box.dir, 'etc/udev/rules.d/70-recueil.rules')), 'kept on upgrade');
      const removed = box.run('after-remove.sh', 'remove');
      assert.equal(removed.status, 0, removed.stderr);
      assert.ok(!existsSync(join(box.dir, 'etc/udev/rules.d/70-recueil.rules')), 'removed on remove');
    } finally {
      rmSync(box.dir, { recursive: true, force: true });
    }
  });
});
