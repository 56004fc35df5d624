import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { auditConfigChanges, changedSettings, settingDigests } from './config-changes';
import { openAuditLog } from './log';
import { verifyAuditLog } from './verify';

describe('configuration changes in the audit log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-config-audit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const snapshot = join(dir, 'config-snapshot.json');
  const base = {
    station: { id: 'DR-1', townHall: { name: 'Mairie de Test', inseeCode: '75056' } },
    session: { idleLockMinutes: 5 },
    devices: { mode: 'simulated', simulated: ['camera', 'zfm'] },
  };

  it('reduces settings to digests of their values, arrays whole', () => {
    const digests = settingDigests(base);
    assert.deepEqual(Object.keys(digests).sort(), [
      'devices.mode',
      'devices.simulated',
      'session.idleLockMinutes',
      'station.id',
      'station.townHall.inseeCode',
      'station.townHall.name',
    ]);
    assert.ok(Object.values(digests).every((d) => /^[0-9a-f]{32}$/.test(d)));
    const changed = settingDigests({ ...base, devices: { mode: 'simulated', simulated: ['camera'] } });
    assert.deepEqual(changedSettings(digests, changed), ['devices.simulated']);
  });

  it('records the first start, then each setting added, changed or removed, never its value', async () => {
    const audit = await openAuditLog(join(dir, 'audit'));
    try {
      assert.deepEqual(await auditConfigChanges(audit, base, snapshot), []);
      assert.deepEqual(await auditConfigChanges(audit, base, snapshot), [], 'nothing changed');
      const edited = {
        station: { id: 'DR-1', townHall: { name: 'Mairie de Test', inseeCode: '75056' } },
        session: { idleLockMinutes: 10 },
        devices: { mode: 'simulated', simulated: ['camera', 'zfm'] },
        log: { level: 'debug' },
      };
      assert.deepEqual(await auditConfigChanges(audit, edited, snapshot), [
        'log.level',
        'session.idleLockMinutes',
      ]);
      const { station: _removed, ...withoutStation } = edited;
      assert.deepEqual(await auditConfigChanges(audit, withoutStation, snapshot), [
        'station.id',
        'station.townHall.inseeCode',
        'station.townHall.name',
      ]);
    } finally {
      await audit.close();
    }
    const report = await verifyAuditLog(join(dir, 'audit'));
    assert.equal(report.ok, true);
    const lines = readFileSync(join(dir, 'audit', 'audit-000001.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const records = lines.map(
      (l) =>
        JSON.parse(l) as { action: string; objects?: { setting?: string }; details?: { reason?: string } },
    );
    assert.deepEqual(
      records.map((r) => [r.objects?.setting ?? '-', r.details?.reason]),
      [
        ['-', 'first-start'],
        ['log.level', 'added'],
        ['session.idleLockMinutes', 'changed'],
        ['station.id', 'removed'],
        ['station.townHall.inseeCode', 'removed'],
        ['station.townHall.name', 'removed'],
      ],
    );
    const text = lines.join('\n');
    for (const value of ['Mairie de Test', '75056', 'debug'])
      assert.ok(!text.includes(value), `no value (${value})`);
  });
});
