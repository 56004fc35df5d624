/**
 * Electronegativity (Doyensec's static checker of Electron apps) on the shell's sources, offline.
 * Findings must be listed, with a justification, in installer/electronegativity-exceptions.json;
 * anything else fails. Runs with the copy that scripts/setup.sh installs under .tools/ (so in CI),
 * an installed `@doyensec/electronegativity`, or ELECTRONEGATIVITY_BIN; skipped with the reason
 * otherwise.
 * The bundles (dist/electron/*.cjs, *.mjs) are not scanned: the tool reads only .js/.ts/.html.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = fileURLToPath(new URL('../..', import.meta.url));

function findBin(): string | null {
  if (process.env.ELECTRONEGATIVITY_BIN) return process.env.ELECTRONEGATIVITY_BIN;
  // Where scripts/setup.sh installs it, in its own folder (see there why).
  const tool = join(root, '.tools/electronegativity/node_modules/@doyensec/electronegativity/dist/index.js');
  if (existsSync(tool)) return tool;
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('@doyensec/electronegativity/package.json');
    const bin = join(pkg, '..', 'dist', 'index.js');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
const bin = findBin();
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;

const Exceptions = z.object({
  exceptions: z.array(z.object({ check: z.string(), file: z.string(), justification: z.string().min(40) })),
});

interface Finding {
  check: string;
  severity: string;
  file: string;
  location: string;
}

const SarifReport = z.object({
  runs: z.array(
    z.object({
      results: z.array(
        z.object({
          ruleId: z.string(),
          level: z.string(),
          locations: z.array(
            z.object({
              physicalLocation: z.object({
                artifactLocation: z.object({ uri: z.string() }),
                region: z.object({ startLine: z.number(), startColumn: z.number() }),
              }),
            }),
          ),
        }),
      ),
    }),
  ),
});

/**
 * Runs the tool on a folder and reads its SARIF report. Not its CSV: the tool writes the CSV
 * header and the rows with two unsynchronised async writes, and under load the header lands over
 * the first row (seen in CI as a finding "o parse CSP"); the SARIF report is one write.
 */
function electronegativity(input: string): Finding[] {
  const out = join(mkdtempSync(join(tmpdir(), 'recueil-eg-')), 'out.sarif');
  try {
    const run = spawnSync(
      process.execPath,
      [bin!, '-i', input, '-r', '-v', 'false', '-e', electronVersion, '-o', out],
      {
        encoding: 'utf8',
        timeout: 180_000,
      },
    );
    assert.ok(existsSync(out), `electronegativity wrote no report (exit ${run.status}): ${run.stderr}`);
    const report = SarifReport.parse(JSON.parse(readFileSync(out, 'utf8')));
    return report.runs.flatMap((r) =>
      r.results.map((result) => {
        const where = result.locations[0]?.physicalLocation;
        return {
          check: result.ruleId,
          severity: result.level,
          file: where?.artifactLocation.uri ?? '',
          location: where ? `${where.region.startLine}:${where.region.startColumn - 1}` : '',
        };
      }),
    );
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}

describe('electronegativity', {
  skip: !bin && 'run scripts/setup.sh: it installs electronegativity under .tools/ (see installer/README.md)',
}, () => {
  it('reports only justified exceptions on main/', () => {
    const { exceptions } = Exceptions.parse(
      JSON.parse(readFileSync(join(root, 'installer/electronegativity-exceptions.json'), 'utf8')),
    );
    const findings = electronegativity(join(root, 'main'));
    const unexpected = findings.filter(
      (f) => !exceptions.some((e) => e.check === f.check && e.file === f.file),
    );
    assert.deepEqual(
      unexpected,
      [],
      'new findings: fix them or justify them in installer/electronegativity-exceptions.json',
    );
    const stale = exceptions.filter((e) => !findings.some((f) => f.check === e.check && f.file === e.file));
    assert.deepEqual(stale, [], 'exceptions that no longer match a finding: remove them');
  });

  it('can fail: a window with nodeIntegration is reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-eg-fixture-'));
    try {
      mkdirSync(join(dir, 'app'));
      writeFileSync(
        join(dir, 'app', 'main.ts'),
        "import { BrowserWindow } from 'electron';\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
      );
      const checks = electronegativity(dir).map((f) => f.check);
      assert.ok(checks.includes('NODE_INTEGRATION_JS_CHECK'), checks.join(', '));
      assert.ok(checks.includes('CONTEXT_ISOLATION_JS_CHECK'), checks.join(', '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
