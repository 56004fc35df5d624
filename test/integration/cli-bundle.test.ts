/**
 * The CLI bundle (dist/cli/usage.mjs, scripts/build-cli.mjs; bin/recueil.mjs): while it is up to date
 * with its sources it answers help, version and usage errors exactly as the sources do, without tsx;
 * every command still runs from the sources; and once a source is edited (or a file that would shadow
 * an import appears), the sources answer again, so a developer sees their edit at once. Each case is a
 * real `node bin/recueil.mjs` process; which side answered is told by the modules it loaded (tsx's
 * esbuild is loaded only by the sources' side). Its speed is the bench's business (bench/cli.bench.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appRoot, writeTestStationConfig } from '../e2e/station-process';

const BUNDLE = join('dist', 'cli', 'usage.mjs');
const MARK = '// recueil-cli-sources ';
const dir = mkdtempSync(join(tmpdir(), 'recueil-cli-bundle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** True when the TypeScript sources answered (tsx, hence esbuild, was loaded). */
  sources: boolean;
}

let runs = 0;
function recueil(root: string, args: string[], env: Record<string, string> = {}): Run {
  const list = join(dir, `modules-${runs++}.txt`);
  const result = spawnSync(
    process.execPath,
    ['--import', join(appRoot, 'test/support/loaded-modules.mjs'), join(root, 'bin/recueil.mjs'), ...args],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...env, RECUEIL_LOADED_MODULES: list } },
  );
  const modules = readFileSync(list, 'utf8').split('\n');
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    sources: modules.some((m) => m.includes('/node_modules/esbuild/')),
  };
}

const fromSources = { RECUEIL_CLI_BUNDLE: '0' };

function recorded(root: string): { sources: Record<string, string>; absent: string[] } {
  const text = readFileSync(join(root, BUNDLE), 'utf8');
  return JSON.parse(text.slice(MARK.length, text.indexOf('\n')));
}

before(() => {
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: appRoot, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
});

describe('CLI bundle', () => {
  it('answers help, version and usage errors exactly as the sources, without tsx', () => {
    const lines = [
      ['--help'],
      ['--version'],
      ['help', 'sync'],
      ['config', '--help'],
      ['chip', 'read', '--help'],
      ['nosuch'],
      ['config', 'check', '--bogus'],
    ];
    for (const args of lines) {
      const bundle = recueil(appRoot, args);
      const sources = recueil(appRoot, args, fromSources);
      assert.equal(bundle.sources, false, `the bundle answers ${args.join(' ')}`);
      assert.equal(sources.sources, true);
      assert.deepEqual(
        { status: bundle.status, stdout: bundle.stdout, stderr: bundle.stderr },
        { status: sources.status, stdout: sources.stdout, stderr: sources.stderr },
        args.join(' '),
      );
    }
    assert.match(recueil(appRoot, ['--help']).stdout, /Usage: recueil/);
  });

  it('runs every command from the sources (exit codes as before)', () => {
    const file = join(dir, 'station.json');
    writeTestStationConfig(file, 'DR-BNDL-0001');
    const check = recueil(appRoot, ['config', 'check', '--config', file]);
    assert.equal(check.status, 0, check.stderr);
    assert.equal(check.sources, true);
    assert.equal(JSON.parse(check.stdout).station.id, 'DR-BNDL-0001');

    writeFileSync(file, JSON.stringify({ station: { id: 'not an id' } }));
    const bad = recueil(appRoot, ['config', 'check', '--config', file]);
    assert.equal(bad.status, 2, 'a configuration error exits 2');
    assert.equal(bad.sources, true);
  });

  describe('in a copy of the project, edited', () => {
    const root = join(dir, 'copy');
    const edited = 'main/cli/sync.ts';

    before(() => {
      const files = [
        ...Object.keys(recorded(appRoot).sources),
        BUNDLE,
        'bin/recueil.mjs',
        'bin/cli-bundle.mjs',
        'main/cli/index.ts',
        'package.json',
      ];
      for (const file of files) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        cpSync(join(appRoot, file), join(root, file));
      }
      symlinkSync(join(appRoot, 'node_modules'), join(root, 'node_modules'));
      assert.equal(recueil(root, ['--help']).sources, false, 'the copy is up to date');
    });

    it('an edited source answers at once, and the bundle again once the edit is undone', () => {
      const original = readFileSync(join(root, edited), 'utf8');
      const description = /\.description\('([^']+)'\)/.exec(original)?.[1];
      assert.ok(description, `${edited} has a description`);
      writeFileSync(join(root, edited), original.replace(description, 'EDITED SINCE THE BUILD'));
      const run = recueil(root, ['--help']);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.sources, true);
      assert.match(run.stdout, /EDITED SINCE THE BUILD/);

      writeFileSync(join(root, edited), original);
      assert.equal(recueil(root, ['--help']).sources, false);
    });

    it('a deleted source, a file that would shadow an import, or a damaged bundle: the sources answer', () => {
      const bundle = readFileSync(join(root, BUNDLE), 'utf8');
      const body = bundle.slice(bundle.indexOf('\n'));
      const withAbsent = { ...recorded(root), absent: ['main/services/shadow.ts'] };
      writeFileSync(join(root, BUNDLE), `${MARK}${JSON.stringify(withAbsent)}${body}`);
      assert.equal(recueil(root, ['--help']).sources, false, 'nothing shadows yet');
      writeFileSync(join(root, 'main/services/shadow.ts'), 'export {};\n');
      assert.equal(recueil(root, ['--help']).sources, true, 'a shadowing file appeared');
      rmSync(join(root, 'main/services/shadow.ts'));

      writeFileSync(join(root, BUNDLE), `// not a recorded header${body}`);
      assert.equal(recueil(root, ['--help']).sources, true, 'a bundle without its record');
      writeFileSync(join(root, BUNDLE), bundle);

      const moved = join(root, 'main/cli/photo.ts');
      const kept = readFileSync(moved);
      rmSync(moved);
      assert.equal(recueil(root, ['--help']).sources, true, 'a deleted source');
      writeFileSync(moved, kept);
      assert.equal(recueil(root, ['--help']).sources, false);
    });
  });
});
