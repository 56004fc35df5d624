/**
 * Audit log: append and verify, tamper detection (edited byte, deleted line, swapped lines,
 * truncation in the middle, removed file), rotation continuity, torn tail after a crash, and
 * refusal of anything personal.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runAuditVerifyCommand } from './cli';
import { listAuditFiles } from './files';
import { AuditEventRejected, openAuditLog } from './log';
import type { AuditEvent } from './schema';
import { verifyAuditLog } from './verify';

const dossierId = '3f2b6c1e-8a4d-4f5e-9b7a-1c2d3e4f5a6b';
const agent = 'AG-7F3A01';
const fixedClock = () => {
  let t = Date.parse('2025-03-04T08:00:00Z');
  return () => {
    t += 1000;
    return new Date(t);
  };
};

function sampleEvents(n: number): AuditEvent[] {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 0
      ? { actor: agent, action: 'session.open', outcome: 'success', details: { role: 'agent' } }
      : i % 3 === 1
        ? {
            actor: agent,
            action: 'capture.step',
            outcome: 'success',
            objects: { dossierId },
            details: { step: 'portrait' },
          }
        : {
            actor: 'station',
            action: 'device.fault',
            outcome: 'failure',
            objects: { device: 'zfm' },
            details: { errorCode: 'ZFM_TIMEOUT' },
          },
  );
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recueil-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeLog(n: number, maxFileBytes?: number) {
  const log = await openAuditLog(dir, { now: fixedClock(), ...(maxFileBytes ? { maxFileBytes } : {}) });
  for (const event of sampleEvents(n)) await log.append(event);
  await log.close();
}

async function lines(file = 'audit-000001.jsonl'): Promise<string[]> {
  return (await readFile(join(dir, file), 'utf8')).split('\n').filter((l) => l !== '');
}

describe('audit log', () => {
  it('appends chained records and verifies them', async () => {
    const log = await openAuditLog(dir, { now: fixedClock() });
    const first = await log.append(sampleEvents(1)[0]!);
    assert.equal(first.seq, 0);
    assert.equal(first.prev, '0'.repeat(64));
    const second = await log.append(sampleEvents(2)[1]!);
    assert.equal(second.prev, first.hash);
    assert.deepEqual(log.head(), { seq: 1, hash: second.hash });
    const report = await log.verify();
    assert.equal(report.ok, true);
    assert.equal(report.records, 2);
    await log.close();
    // Reopening continues the chain.
    const again = await openAuditLog(dir, { now: fixedClock() });
    const third = await again.append(sampleEvents(3)[2]!);
    assert.equal(third.seq, 2);
    assert.equal(third.prev, second.hash);
    await again.close();
    assert.equal((await verifyAuditLog(dir)).records, 3);
  });

  it('serialises concurrent appends into one chain', async () => {
    const log = await openAuditLog(dir);
    await Promise.all(sampleEvents(20).map((e) => log.append(e)));
    const report = await log.verify();
    assert.equal(report.ok, true);
    assert.equal(report.records, 20);
    await log.close();
  });

  it('detects an edited byte', async () => {
    await writeLog(5);
    const text = await readFile(join(dir, 'audit-000001.jsonl'), 'utf8');
    await writeFile(
      join(dir, 'audit-000001.jsonl'),
      text.replace('"outcome":"failure"', '"outcome":"success"'),
    );
    const report = await verifyAuditLog(dir);
    assert.equal(report.ok, false);
    assert.deepEqual(
      { line: report.firstBreak?.line, reason: report.firstBreak?.reason },
      { line: 3, reason: 'hash' },
    );
  });

  it('detects a deleted line', async () => {
    await writeLog(5);
    const l = await lines();
    l.splice(2, 1);
    await writeFile(join(dir, 'audit-000001.jsonl'), `${l.join('\n')}\n`);
    const report = await verifyAuditLog(dir);
    assert.equal(report.ok, false);
    assert.equal(report.firstBreak?.line, 3);
    assert.equal(report.records, 2);
  });

  it('detects swapped lines', async () => {
    await writeLog(5);
    const l = await lines();
    [l[1], l[2]] = [l[2]!, l[1]!];
    await writeFile(join(dir, 'audit-000001.jsonl'), `${l.join('\n')}\n`);
    const report = await verifyAuditLog(dir);
    assert.equal(report.ok, false);
    assert.equal(report.firstBreak?.line, 2);
  });

  it('detects a line cut in the middle of the log', async () => {
    await writeLog(5);
    const l = await lines();
    l[2] = l[2]!.slice(0, 40);
    await writeFile(join(dir, 'audit-000001.jsonl'), `${l.join('\n')}\n`);
    const report = await verifyAuditLog(dir);
    assert.equal(report.firstBreak?.reason, 'malformed');
    assert.equal(report.firstBreak?.line, 3);
  });

  it('detects truncation of the tail only against an anchor', async () => {
    await writeLog(6);
    const full = await verifyAuditLog(dir);
    assert.ok(full.head);
    const l = await lines();
    await writeFile(join(dir, 'audit-000001.jsonl'), `${l.slice(0, 4).join('\n')}\n`);
    // A cut at the very end leaves a valid (shorter) chain: only the anchor reveals it.
    assert.equal((await verifyAuditLog(dir)).ok, true);
    const anchored = await verifyAuditLog(dir, { anchor: full.head });
    assert.equal(anchored.ok, false);
    assert.equal(anchored.firstBreak?.reason, 'anchor-mismatch');
  });

  it('rotates by size and continues the chain across files', async () => {
    await writeLog(30, 1500);
    const files = await listAuditFiles(dir);
    assert.ok(files.length >= 3, `expected several files, got ${files.length}`);
    const firstOfSecond = JSON.parse((await lines(files[1]!.name))[0]!);
    const lastOfFirst = JSON.parse((await lines(files[0]!.name)).at(-1)!);
    assert.equal(firstOfSecond.prev, lastOfFirst.hash);
    assert.equal(firstOfSecond.seq, lastOfFirst.seq + 1);
    const report = await verifyAuditLog(dir);
    assert.equal(report.ok, true);
    assert.equal(report.records, 30);
    assert.equal(report.files, files.length);

    // A whole file removed from the middle breaks the chain.
    await unlink(join(dir, files[1]!.name));
    const broken = await verifyAuditLog(dir);
    assert.equal(broken.ok, false);
    assert.equal(broken.firstBreak?.reason, 'missing-file');
  });

  it('detects the first file deleted', async () => {
    await writeLog(30, 1500);
    await unlink(join(dir, 'audit-000001.jsonl'));
    assert.equal((await verifyAuditLog(dir)).ok, false);
  });

  it('treats an unterminated last line as a crash, warns, and continues on a new file', async () => {
    await writeLog(3);
    await appendFile(join(dir, 'audit-000001.jsonl'), '{"v":1,"seq":3,"ts":"2025-');
    const report = await verifyAuditLog(dir);
    assert.equal(report.ok, true);
    assert.equal(report.warnings[0]?.reason, 'torn-tail');
    const log = await openAuditLog(dir);
    const next = await log.append(sampleEvents(1)[0]!);
    assert.equal(next.seq, 4); // 3 = the audit.recovered record
    await log.close();
    const after = await verifyAuditLog(dir);
    assert.equal(after.ok, true);
    assert.equal(after.records, 5);
    assert.equal(after.files, 2);
    // Cutting a record of an earlier file is a break, not a warning.
    await truncate(join(dir, 'audit-000001.jsonl'), 50);
    assert.equal((await verifyAuditLog(dir)).ok, false);
  });

  it('refuses unknown keys and anything looking personal, without echoing the value', async () => {
    const log = await openAuditLog(dir);
    const refused = [
      {
        actor: agent,
        action: 'capture.start',
        outcome: 'success',
        objects: { dossierId },
        lastName: 'Dupont',
      },
      {
        actor: agent,
        action: 'capture.start',
        outcome: 'success',
        details: { reason: 'Jean Dupont né le 01/02/1980' },
      },
      { actor: 'Jean Dupont', action: 'session.open', outcome: 'success' },
      { actor: agent, action: 'capture.start', outcome: 'success', objects: { dossierId: 'DUPONT' } },
      { actor: agent, action: 'session.open', outcome: 'success', details: { pin: '1234' } },
      { actor: agent, action: 'not.an.action', outcome: 'success' },
    ];
    for (const event of refused) {
      await assert.rejects(log.append(event as unknown as AuditEvent), (e: unknown) => {
        assert.ok(e instanceof AuditEventRejected);
        assert.doesNotMatch(e.message, /Dupont|1234|1980/);
        return true;
      });
    }
    assert.equal(log.head(), undefined);
    await log.close();
  });

  it('prints the verdict for `recueil audit verify` with an exit code', async () => {
    await writeLog(4);
    let out = '';
    assert.equal(await runAuditVerifyCommand(dir, { out: (t) => (out += t) }), 0);
    assert.match(out, /intègre : 4 enregistrement/);
    out = '';
    assert.equal(await runAuditVerifyCommand(dir, { json: true, out: (t) => (out += t) }), 0);
    assert.equal(JSON.parse(out).records, 4);
    const l = await lines();
    await writeFile(join(dir, 'audit-000001.jsonl'), `${[l[0], l[2], l[1], l[3]].join('\n')}\n`);
    out = '';
    assert.equal(await runAuditVerifyCommand(dir, { out: (t) => (out += t) }), 1);
    assert.match(out, /ALTÉRÉ[\s\S]*ligne 2/);
  });
});
