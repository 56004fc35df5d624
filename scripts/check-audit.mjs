#!/usr/bin/env node
// Dependency audit of the production dependencies: runs `npm audit --omit=dev --json`, prints a
// summary, and fails (exit 1) only on high or critical advisories. If the registry or its audit
// endpoint cannot be reached (offline, proxy refusing the POST, 5xx), it prints a clear warning and
// exits 0: an audit that could not run is reported, not mistaken for a vulnerability.
//   node scripts/check-audit.mjs [--json] [--report FILE]
//   --json: print the summary as one JSON line; --report: read a saved `npm audit --json` output
//   instead of running npm (tests, or a report fetched on another machine).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const asJson = process.argv.includes('--json');
const failLevels = new Set(['high', 'critical']);

const reportFlag = process.argv.indexOf('--report');
const reportFile = reportFlag > 0 ? process.argv[reportFlag + 1] : undefined;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = reportFile
  ? { stdout: readFileSync(reportFile, 'utf8'), stderr: '', status: 0 }
  : spawnSync(npm, ['audit', '--omit=dev', '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        npm_config_audit_level: 'low',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      },
    });

function unavailable(reason) {
  const summary = { status: 'unavailable', reason };
  if (asJson) console.log(JSON.stringify(summary));
  console.warn(
    `check-audit: WARNING: the dependency audit could not run (${reason}). Not a failure; rerun with registry access.`,
  );
  process.exit(0);
}

if (run.error)
  unavailable(run.error.code === 'ETIMEDOUT' ? 'npm audit timed out' : String(run.error.message));
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  unavailable(
    `npm audit printed no JSON (exit ${run.status}): ${(run.stderr || '').trim().split('\n').pop()}`,
  );
}
if (report.error || report.statusCode || report.message) {
  // npm's error object: e.g. ENOTFOUND / ECONNREFUSED offline, 405 from a read-only registry proxy.
  const detail = report.message || report.error?.summary || report.error?.detail || '';
  const code = report.error?.code ?? report.code ?? report.statusCode ?? '';
  unavailable(detail ? String(detail) : `npm audit error ${code}`);
}

const vulnerabilities = Object.values(report.vulnerabilities ?? {});
const counts = report.metadata?.vulnerabilities ?? {};
const blocking = vulnerabilities.filter((v) => failLevels.has(v.severity));
const summary = {
  status: blocking.length > 0 ? 'fail' : 'ok',
  dependencies: report.metadata?.dependencies?.prod ?? report.metadata?.dependencies?.total,
  counts,
  blocking: blocking.map((v) => ({
    name: v.name,
    severity: v.severity,
    range: v.range,
    direct: v.isDirect,
    fixAvailable: Boolean(v.fixAvailable),
    advisories: (v.via ?? []).filter((x) => typeof x === 'object').map((x) => x.url ?? x.title),
  })),
};

if (asJson) console.log(JSON.stringify(summary));
else {
  const line = ['info', 'low', 'moderate', 'high', 'critical']
    .map((s) => `${s} ${counts[s] ?? 0}`)
    .join(', ');
  console.log(`check-audit: production dependencies audited: ${line}`);
  for (const v of vulnerabilities.filter((x) => !failLevels.has(x.severity))) {
    console.log(`  (tolerated) ${v.severity.padEnd(8)} ${v.name} ${v.range}`);
  }
  for (const v of summary.blocking) {
    console.error(`  BLOCKING  ${v.severity.padEnd(8)} ${v.name} ${v.range}${v.direct ? ' (direct)' : ''}`);
    for (const a of v.advisories) console.error(`            ${a}`);
  }
}
process.exit(blocking.length > 0 ? 1 : 0);
