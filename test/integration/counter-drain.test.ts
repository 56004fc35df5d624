/**
 * The counter checks deferred offline are redone by the sync host's background sync pass: lookups
 * made while the central is out of reach are journalled (sync/host/counter.ts), the central comes
 * back, the engine's pass drains the journal and reports each answer, and the draft that recorded
 * the deferred checks takes the answers (main/services/counter/resolved.ts). Real mutual TLS, real
 * engine loop; waits on the reports, never on time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { provisionDemo, type RunningCentral, startCentralServer } from '../../central/api';
import { withResolvedCheck } from '../../main/services/counter/resolved';
import { draftCounterChecks, type SessionChecks } from '../../main/services/counter/session-checks';
import { openCounterLink, pendingOperations } from '../../sync/counter';
import { FAST_SCRYPT } from '../../sync/crypto/crypto.testing';
import { createSyncEngine } from '../../sync/engine';
import { counterHostService } from '../../sync/host/counter';
import type { CounterResolved } from '../../sync/host/protocol';
import { centralBaseUrl } from '../../sync/sender/central-url';
import { openStation, type StationContext } from '../../sync/sender/context';

let dir: string;
let centralConfig: string;
let stationConfig: string;
let central: RunningCentral | undefined;
let station: StationContext;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recueil-counter-drain-'));
  const demo = await provisionDemo(dir, { scryptCost: FAST_SCRYPT });
  centralConfig = demo.centralConfig;
  stationConfig = demo.stationConfig;
  station = await openStation(stationConfig);
});
after(async () => {
  station?.close();
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('lookups deferred offline are redone after a background sync pass and recorded in the draft', async () => {
  central = await startCentralServer(centralConfig);
  const { number } = central.store.counter.addPreApplication({ content: { titleType: 'passport' } });
  const stamp = central.store.counter.issueTaxStamp(8600);
  await central.close();
  central = undefined;

  const resolved: CounterResolved[] = [];
  let both: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => {
    both = resolve;
  });
  const counter = counterHostService({
    dataDir: station.config.dataDir,
    openLink: () => openCounterLink(station.config, { timeoutMs: 3000 }),
    onResolved: (r) => {
      resolved.push(r);
      if (resolved.length === 3) both();
    },
  });

  // Offline: both lookups are journalled, each with its id, the entry kept and flagged.
  const pre = await counter.lookup('pre-application', number);
  const tax = await counter.lookup('tax-stamp', stamp.number);
  assert.equal(pre.outcome, 'deferred');
  assert.equal(tax.outcome, 'deferred');
  if (pre.outcome !== 'deferred' || tax.outcome !== 'deferred') return;
  assert.match(pre.message, /injoignable.*prochaine synchronisation/);
  assert.equal(pendingOperations(station.config.dataDir).length, 2);
  // The stamp consumed at a submit made offline: journalled with its draft.
  const consume = await counter.consume('tax-stamp', stamp.number, 'draft-offline');
  assert.equal(consume.outcome, 'deferred');
  // A bad number is refused at once, never journalled.
  const wrong = await counter.lookup(
    'pre-application',
    `${number.slice(0, 9)}${number[9] === 'A' ? 'B' : 'A'}`,
  );
  assert.equal(wrong.outcome, 'failed');
  assert.equal(pendingOperations(station.config.dataDir).length, 3);

  // The draft started with those deferred checks.
  const applicant = { surname: 'MARTIN', givenNames: 'Claire', birthDate: '1990-04-12', sex: 'F' as const };
  const session: SessionChecks = {
    preApplication: { number, outcome: 'deferred', message: pre.message, deferredId: pre.deferredId },
    taxStamp: { number: stamp.number, outcome: 'deferred', message: tax.message, deferredId: tax.deferredId },
  };
  let checks = draftCounterChecks(
    session,
    {
      titleType: 'passport',
      reason: 'first',
      applicant,
      preApplicationNumber: number,
      taxStampNumber: stamp.number,
    },
    new Date(),
  );
  assert.equal(checks?.preApplication?.deferredId, pre.deferredId);
  assert.equal(checks?.taxStamp?.outcome, 'deferred');

  // The central is back: the engine's background pass (no dossier queued) drains the journal.
  central = await startCentralServer(centralConfig);
  const settings = station.config.settings;
  const engine = createSyncEngine({
    outbox: station.outbox,
    settings,
    material: station.material,
    baseUrl: centralBaseUrl(settings),
    afterPass: () => counter.drain(),
  });
  engine.start();
  await reported;
  await engine.close();
  counter.close();
  assert.ok([pre.deferredId, tax.deferredId].every((id) => resolved.some((r) => r.id === id)));
  assert.equal(resolved.find((r) => r.kind === 'tax-stamp-consume')?.draftId, 'draft-offline');
  assert.equal(pendingOperations(station.config.dataDir).length, 0);
  assert.equal(central.store.counter.taxStamp(stamp.number).state, 'consumed');

  const draft = { titleType: 'passport' as const, applicant, startedAt: new Date() };
  for (const answer of resolved) checks = withResolvedCheck(checks!, answer, draft) ?? checks;
  assert.equal(checks?.preApplication?.outcome, 'ok');
  assert.equal(checks?.preApplication?.deferredId, undefined);
  assert.match(checks?.preApplication?.message ?? '', /valide/);
  assert.equal(checks?.taxStamp?.outcome, 'ok', checks?.taxStamp?.message);
  assert.equal(checks?.taxStamp?.amountCents, 8600);
  assert.equal(checks?.taxStamp?.deferredId, undefined);
  // An answer for no check of this draft changes nothing.
  assert.equal(withResolvedCheck(checks!, { ...resolved[0]!, id: 'other' }, draft), undefined);
});
