/**
 * The technician's support bundle (`recueil diagnose --bundle`) carries the audit trail and its
 * chain verification and the health checks (health.json), next to the inventory, traces and
 * scrubbed configuration.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { HEALTH_CHECK_IDS, HealthCheck } from '../../common/domain';
import { auditDir, openAuditLog } from '../../main/services/audit';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('diagnose --bundle', () => {
  it('exports the audit log with its verification', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-bundle-'));
    try {
      const dataDir = join(dir, 'data');
      const configFile = join(dir, 'station.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          station: { id: 'DR-BNDL-0001', townHall: { name: 'Mairie de Test', inseeCode: '45234' } },
          dataDir,
          devices: { simulated: ['signature-pad'] },
        }),
      );
      const log = await openAuditLog(auditDir(dataDir));
      await log.append({
        actor: 'AG-0A1B',
        action: 'session.open',
        outcome: 'success',
        details: { role: 'agent' },
      });
      await log.close();
      const bundle = join(dir, 'support.zip');
      const run = spawnSync(
        process.execPath,
        ['bin/recueil.mjs', 'diagnose', '--config', configFile, '--bundle', bundle, '--json'],
        { cwd: appRoot, encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      const zip = new AdmZip(bundle);
      const names = zip.getEntries().map((e) => e.entryName);
      assert.ok(names.includes('audit/audit-000001.jsonl'), names.join(', '));
      const verify = JSON.parse(zip.readAsText('audit-verify.json'));
      assert.equal(verify.ok, true);
      assert.equal(verify.records, 1);
      assert.match(zip.readAsText('audit/audit-000001.jsonl'), /"action":"session.open"/);
      // The health checks, as `recueil health --json` lists them (this station is not enrolled).
      const health = HealthCheck.array().parse(JSON.parse(zip.readAsText('health.json')));
      assert.deepEqual(
        health.map((c) => c.id),
        [...HEALTH_CHECK_IDS],
      );
      assert.equal(health.find((c) => c.id === 'station-certificate')?.status, 'fail');
      assert.deepEqual(JSON.parse(run.stdout).health, health);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
