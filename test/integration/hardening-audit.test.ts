/**
 * scripts/check-audit.mjs decides on saved `npm audit --json` outputs: high/critical advisories in
 * production dependencies fail, lower ones are tolerated, an unreachable audit endpoint warns.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'recueil-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function check(report: unknown) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(report));
  return spawnSync(process.execPath, [join(root, 'scripts/check-audit.mjs'), '--report', file, '--json'], {
    encoding: 'utf8',
  });
}

const vuln = (name: string, severity: string) => ({
  name,
  severity,
  isDirect: true,
  range: '<1.2.3',
  fixAvailable: true,
  via: [{ title: `${name} advisory`, url: `https://github.com/advisories/GHSA-${name}` }],
});
const counts = (v: Record<string, number>) => ({ info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...v });

describe('scripts/check-audit.mjs', () => {
  it('fails on a high advisory and names it', () => {
    const run = check({
      auditReportVersion: 2,
      vulnerabilities: { a: vuln('a', 'high'), b: vuln('b', 'moderate') },
      metadata: { vulnerabilities: counts({ high: 1, moderate: 1 }), dependencies: { prod: 10 } },
    });
    assert.equal(run.status, 1);
    const summary = JSON.parse(run.stdout.trim().split('\n')[0]!) as {
      status: string;
      blocking: { name: string }[];
    };
    assert.equal(summary.status, 'fail');
    assert.deepEqual(
      summary.blocking.map((b) => b.name),
      ['a'],
    );
  });

  it('tolerates moderate and low advisories', () => {
    const run = check({
      auditReportVersion: 2,
      vulnerabilities: { b: vuln('b', 'moderate') },
      metadata: { vulnerabilities: counts({ moderate: 1 }) },
    });
    assert.equal(run.status, 0, run.stderr);
  });

  it('warns and passes when the audit endpoint cannot be reached', () => {
    const run = check({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    assert.equal(run.status, 0);
    assert.match(run.stderr, /could not run \(405 Method Not Allowed/);
    assert.equal(JSON.parse(run.stdout).status, 'unavailable');
  });
});
