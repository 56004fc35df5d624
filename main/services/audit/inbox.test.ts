import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { InboxJournalEntry } from '../../../sync/store';
import { auditInboxJournal } from './inbox';
import { type AuditLog, openAuditLog } from './log';

let dir: string;
let audit: AuditLog;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recueil-audit-inbox-'));
  audit = await openAuditLog(join(dir, 'audit'));
});
afterEach(async () => {
  await audit.close();
  rmSync(dir, { recursive: true, force: true });
});

const MESSAGE = '6f1c3a52-8b0e-4d5e-9a51-1f2c3d4e5f60';
const DOSSIER = '01938a6e-7c00-7000-8000-000000000001';

function journal(entries: InboxJournalEntry[]) {
  const marked: number[] = [];
  return {
    marked,
    unaudited: () => entries.filter((e) => !marked.includes(e.seq)),
    markAudited: (seqs: number[]) => void marked.push(...seqs),
  };
}

test('each journal entry becomes one inbox.message record, then is marked; refusals are handed to the logger', async () => {
  const j = journal([
    {
      seq: 1,
      outcome: 'accepted',
      messageId: MESSAGE,
      messageSeq: 4,
      type: 'dossier.status',
      dossierId: DOSSIER,
      at: 1,
    },
    { seq: 2, outcome: 'refused', reason: 'replay', messageId: MESSAGE, messageSeq: 4, at: 2 },
    // what an unverified message claimed: not an id, so not recorded as one
    {
      seq: 3,
      outcome: 'refused',
      reason: 'signature',
      messageId: '<script>',
      dossierId: 'Jean Dupont',
      at: 3,
    },
  ]);
  const logged: string[] = [];
  assert.equal(await auditInboxJournal(audit, j, { onRefused: (e) => logged.push(e.reason!) }), 3);
  assert.deepEqual(j.marked, [1, 2, 3]);
  assert.deepEqual(logged, ['replay', 'signature']);
  const report = await audit.verify();
  assert.equal(report.ok, true);
  assert.equal(report.records, 3);
  assert.equal(await auditInboxJournal(audit, j), 0, 'nothing is audited twice');
});

test('an audit write that fails leaves the entries after it unmarked, to be audited at the next drain', async () => {
  const j = journal([
    { seq: 1, outcome: 'accepted', messageId: MESSAGE, at: 1 },
    { seq: 2, outcome: 'accepted', messageId: MESSAGE, at: 2 },
  ]);
  await audit.close();
  await assert.rejects(auditInboxJournal(audit, j), /closed/);
  assert.deepEqual(j.marked, []);
  audit = await openAuditLog(join(dir, 'audit'));
  assert.equal(await auditInboxJournal(audit, j), 2);
  assert.deepEqual(j.marked, [1, 2]);
});
