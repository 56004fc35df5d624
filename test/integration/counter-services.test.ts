/**
 * The counter services end to end over the real mutual-TLS link: the station's clients
 * (sync/counter) against the reference central's simulations, and the CLI contract
 * (`recueil preapp fetch`, `rdv status`, `timbre check`, `central preapp add`, `central timbre issue`):
 * answers as understood, bad input exit 2 with French messages, a platform answering 500 or not at
 * all, a wrong auth token, and offline deferral retried at sync.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { provisionDemo, type RunningCentral, startCentralServer } from '../../central/api';
import {
  type CounterLink,
  type CounterServiceError,
  checkTaxStamp,
  consumePreApplication,
  consumeTaxStamp,
  declareAppointment,
  deferOperation,
  deleteAppointment,
  fetchPreApplication,
  openCounterLink,
  pendingOperations,
  rdvStatus,
  retryDeferred,
} from '../../sync/counter';
import { FAST_SCRYPT } from '../../sync/crypto/crypto.testing';
import { RDV_TEST_IDS } from '../../sync/protocol/counter-services';
import { recueilCli } from './fixtures/recueil-cli';

const cli = recueilCli;

let dir: string;
let central: RunningCentral;
let stationConfig: string;
let centralConfig: string;
let link: CounterLink;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recueil-counter-'));
  const demo = await provisionDemo(dir, { scryptCost: FAST_SCRYPT });
  stationConfig = demo.stationConfig;
  centralConfig = demo.centralConfig;
  central = await startCentralServer(centralConfig);
  link = await openCounterLink(stationConfig, { timeoutMs: 1500 });
});
after(async () => {
  link?.close();
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('station clients against the simulated services', () => {
  it('fetches a pre-application, files it at submit, and the platform then reports it consumed', async () => {
    const added = central.store.counter.addPreApplication({
      content: { titleType: 'id-card', reason: 'theft' },
    });
    const fetched = await fetchPreApplication(
      link,
      ` ${added.number.slice(0, 5)}-${added.number.slice(5).toLowerCase()} `,
    );
    assert.equal(fetched.state, 'valid');
    assert.equal(fetched.application?.reason, 'theft');
    assert.equal((await rdvStatus(link, added.number)).status, 'validated');
    assert.equal((await consumePreApplication(link, added.number)).state, 'used');
    assert.equal((await fetchPreApplication(link, added.number)).state, 'used');
    assert.equal((await rdvStatus(link, added.number)).status, 'consumed');
  });

  it('declares and deletes an appointment with the auth token, and sees the ones held elsewhere', async () => {
    const { number } = central.store.counter.addPreApplication();
    const appointment = {
      meeting_point: 'Mairie de Caluire',
      meeting_point_id: '69034',
      appointment_date: '2026-12-21T09:15:00',
      management_url: 'https://rdv.caluire.example/42',
    };
    assert.equal(await declareAppointment(link, number, appointment), true);
    const status = await rdvStatus(link, number);
    assert.equal(status.status, 'declared');
    assert.deepEqual(
      status.appointments.map((a) => a.meeting_point),
      ['Mairie de Caluire'],
    );
    assert.equal(await deleteAppointment(link, number, appointment), 1);
    assert.equal((await rdvStatus(link, number)).status, 'validated');
    assert.equal((await rdvStatus(link, RDV_TEST_IDS.duplicate)).appointments.length, 2);
  });

  it('a wrong auth token is refused by the platform, with a French message', async () => {
    const wrong = await openCounterLink(stationConfig, { rdvAuthToken: 'not-the-token' });
    try {
      await assert.rejects(rdvStatus(wrong, RDV_TEST_IDS.duplicate), (error: CounterServiceError) => {
        assert.equal(error.failure, 'refused');
        assert.match(error.message, /X-RDV-OPT-AUTH-TOKEN header invalid/);
        assert.match(error.messageFr, /a refusé la demande du poste/);
        return true;
      });
    } finally {
      wrong.close();
    }
  });

  it('a platform answering 500 or not at all is server-error or timeout, never offline', async () => {
    await assert.rejects(rdvStatus(link, RDV_TEST_IDS.serverError), { failure: 'server-error' });
    await assert.rejects(rdvStatus(link, RDV_TEST_IDS.timeout), (error: CounterServiceError) => {
      assert.equal(error.failure, 'timeout');
      assert.equal(error.offline, false);
      assert.match(error.messageFr, /ne répond pas/);
      return true;
    });
  });

  it('a tax stamp is consumed once; the second consumption is refused with its state', async () => {
    const stamp = central.store.counter.issueTaxStamp(8600);
    assert.equal((await checkTaxStamp(link, stamp.number)).state, 'valid');
    assert.equal((await consumeTaxStamp(link, stamp.number)).consumed, true);
    const again = await consumeTaxStamp(link, stamp.number);
    assert.equal(again.consumed, false);
    assert.equal(again.stamp.state, 'consumed');
  });

  it('numbers of the wrong format or check are refused before anything is sent', async () => {
    await assert.rejects(fetchPreApplication(link, '7K2M9Q4T1X'), { failure: 'check' });
    await assert.rejects(fetchPreApplication(link, '7K2M'), { failure: 'format' });
    await assert.rejects(checkTaxStamp(link, '1234567890123453'), { failure: 'check' });
  });
});

describe('CLI contract', () => {
  it('central preapp add / timbre issue print the numbers; the station commands print what they understood', async () => {
    const added = await cli(['central', 'preapp', 'add', '--config', centralConfig, '--json']);
    assert.equal(added.code, 0, added.err);
    const { number } = JSON.parse(added.out) as { number: string };
    const fetched = await cli(['preapp', 'fetch', number, '--config', stationConfig, '--json']);
    assert.equal(fetched.code, 0, fetched.err);
    const answer = JSON.parse(fetched.out) as { state: string; usable: boolean; message: string };
    assert.equal(answer.state, 'valid');
    assert.equal(answer.usable, true);
    assert.match(answer.message, /valide jusqu’au/);

    const duplicate = await cli([
      'rdv',
      'status',
      RDV_TEST_IDS.duplicate,
      '--config',
      stationConfig,
      '--json',
    ]);
    assert.equal(duplicate.code, 0, duplicate.err);
    const rdv = JSON.parse(duplicate.out) as { status: string; duplicate: boolean; message: string };
    assert.equal(rdv.status, 'declared');
    assert.equal(rdv.duplicate, true);
    assert.match(rdv.message, /doublon.*Mairie de Villeurbanne/);

    const issued = await cli([
      'central',
      'timbre',
      'issue',
      '--config',
      centralConfig,
      '--amount',
      '86',
      '--json',
    ]);
    assert.equal(issued.code, 0, issued.err);
    const stamp = JSON.parse(issued.out) as { number: string; amountCents: number };
    assert.equal(stamp.amountCents, 8600);
    const checkFor = (reason: string, age: string) =>
      cli([
        'timbre',
        'check',
        stamp.number,
        '--config',
        stationConfig,
        '--title',
        'passport',
        '--reason',
        reason,
        '--age',
        age,
        '--json',
      ]);
    const ok = await checkFor('renewal', '40');
    assert.equal(ok.code, 0, ok.err);
    const minor = await checkFor('first', '12');
    assert.equal(minor.code, 2);
    assert.match((JSON.parse(minor.out) as { message: string }).message, /17,00 € attendus/);
    central.store.counter.consumeTaxStamp(stamp.number, 'other');
    const used = await cli(['timbre', 'check', stamp.number, '--config', stationConfig, '--json']);
    assert.equal(used.code, 2);
    assert.match((JSON.parse(used.out) as { message: string }).message, /déjà utilisé/);
  });

  it('bad input exits 2 with a French message: wrong check, platform in error', async () => {
    const wrong = await cli(['preapp', 'fetch', '7K2M9Q4T1X', '--config', stationConfig, '--json']);
    assert.equal(wrong.code, 2);
    assert.equal((JSON.parse(wrong.out) as { error: { code: string } }).error.code, 'check');
    const error500 = await cli(['rdv', 'status', RDV_TEST_IDS.serverError, '--config', stationConfig]);
    assert.equal(error500.code, 2);
    assert.match(error500.err, /La plateforme de rendez-vous est en erreur \(HTTP 500\)/);
    const badAmount = await cli(['central', 'timbre', 'issue', '--config', centralConfig, '--amount', 'dix']);
    assert.equal(badAmount.code, 2);
  });
});

describe('offline', () => {
  it('a lookup with the central out of reach is deferred (exit 3), then done at the next sync', async () => {
    const { number } = central.store.counter.addPreApplication();
    const stamp = central.store.counter.issueTaxStamp(2500);
    await central.close();
    const offline = await cli(['preapp', 'fetch', number, '--config', stationConfig, '--json']);
    assert.equal(offline.code, 3, offline.err);
    const deferred = JSON.parse(offline.out) as { state: string; offline: boolean; message: string };
    assert.equal(deferred.state, 'deferred');
    assert.match(deferred.message, /injoignable.*prochaine synchronisation/);
    // Consumption at submit, queued while offline.
    deferOperation(link.dataDir, 'tax-stamp-consume', stamp.number);
    assert.equal(pendingOperations(link.dataDir).length, 2);
    const stillOffline = await retryDeferred(link);
    assert.equal(stillOffline.length, 1, 'stops at the first operation that finds the central out of reach');
    assert.equal(stillOffline[0]?.done, false);

    central = await startCentralServer(centralConfig);
    const sync = await cli(['sync', 'now', '--config', stationConfig]);
    assert.equal(sync.code, 0, sync.err);
    assert.match(sync.out, new RegExp(`counter pre-application-lookup ${number} done`));
    assert.match(sync.out, new RegExp(`counter tax-stamp-consume ${stamp.number} done`));
    assert.equal(pendingOperations(link.dataDir).length, 0);
    assert.equal(central.store.counter.taxStamp(stamp.number).state, 'consumed');
  });
});
