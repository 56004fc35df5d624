/**
 * End to end of the counter checks at the identity step, in browser mode with the simulated barcode
 * reader and the reference central server (its simulated pre-application service, appointment
 * platform and tax-stamp ledger): a pre-application code scanned by the reader fills the form; the
 * appointments the same number holds in another town hall are shown; a forged proof of address is
 * refused; a used tax stamp is refused; the application then starts with the checks recorded in its
 * draft; with the central stopped, a lookup is flagged as deferred and the form is kept. Every screen
 * passes axe-core; screenshots in test-results/screenshots (counter-*.png).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { GS, US } from '../../models/documents/twoddoc/parse';
import { makeTestAuthority, sampleProofOfAddress } from '../../models/documents/twoddoc/twoddoc.testing';
import { connectStation, type StationSocket } from '../chaos/station-client';
import { expectNoAxeViolations } from './axe';
import { launchChromium } from './browser';
import { signIn } from './session-helpers';
import {
  appRoot,
  type RunningStation,
  recueil,
  startCentralProcess,
  startStationProcess,
} from './station-process';

const screenshots = join(appRoot, 'test-results', 'screenshots');

describe('counter checks at the identity step, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-counter-e2e-'));
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  let central: ChildProcess;
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  let control: StationSocket;
  let number: string;
  let usedStamp: string;
  let forgedProof: string;
  const shot = (name: string) =>
    page.screenshot({ path: join(screenshots, `counter-${name}.png`), fullPage: true });
  const field = (label: RegExp) => page.getByLabel(label);

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    recueil(['demo', 'init', '--dir', dir]);
    // The station trusts the project's test authority for 2D-DOC proofs.
    const ta = await makeTestAuthority('FR99', 'T001');
    const trustDir = join(dir, 'trust');
    mkdirSync(trustDir);
    writeFileSync(join(trustDir, 'FR99_T001.pem'), ta.certificatePem);
    // Signed by the authority, then the address changed on the way: the signature no longer holds.
    forgedProof = sampleProofOfAddress(ta).replace('12 RUE DES LILAS', '14 RUE DES LILAS');
    const config = JSON.parse(readFileSync(stationConfig, 'utf8'));
    config.devices = { ...config.devices, mode: 'simulated' };
    config.counter = { ...config.counter, twoDDocTrust: trustDir };
    writeFileSync(stationConfig, JSON.stringify(config));
    // The citizen's pre-application, an appointment taken with it in another town hall, a used stamp.
    number = JSON.parse(
      recueil([
        'central',
        'preapp',
        'add',
        '--config',
        centralConfig,
        '--title',
        'passport',
        '--reason',
        'renewal',
        '--surname',
        'Quelennec',
        '--given-names',
        'Maëlys Anne',
        '--birth-date',
        '1988-03-14',
        '--json',
      ]),
    ).number;
    recueil([
      'central',
      'rdv',
      'declare',
      '--config',
      centralConfig,
      '--application-id',
      number,
      '--meeting-point',
      'Mairie de Quimper',
      '--date',
      '2026-12-21T09:30:00',
      '--url',
      'https://rdv.example.fr/quimper/42',
    ]);
    usedStamp = JSON.parse(
      recueil([
        'central',
        'timbre',
        'issue',
        '--config',
        centralConfig,
        '--amount',
        '86',
        '--state',
        'consumed',
        '--json',
      ]),
    ).number;
    central = await startCentralProcess(centralConfig);
    station = await startStationProcess({ configFile: stationConfig });
    control = await connectStation(station.uiUrl);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await page.goto(station.uiUrl);
    await signIn(page, 'agent');
    await page.getByRole('link', { name: 'Demande de titre' }).first().click();
    await page.getByRole('heading', { name: 'Demande et identité du demandeur' }).waitFor();
  });
  after(async () => {
    control?.close();
    await browser?.close();
    await station?.stop();
    central?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a pre-application code scanned by the reader fills the form for the agent to confirm', async () => {
    // The citizen's summary under the simulated reader (the agent's session is the station's).
    const scanned = await control.api.invoke('counter.simulateScan', { content: number, symbology: 'qr' });
    assert.ok(scanned.ok, JSON.stringify(scanned));
    const check = page.getByTestId('pre-application-check');
    await check.waitFor({ timeout: 30000 });
    assert.equal(await check.getAttribute('data-outcome'), 'ok');
    assert.match((await check.textContent()) ?? '', /valide.*pré-remplis/);
    assert.equal(await field(/^Numéro de pré-demande/).inputValue(), number);
    assert.equal(await field(/^Nom de naissance/).inputValue(), 'QUELENNEC');
    assert.equal(await field(/^Prénoms/).inputValue(), 'Maëlys Anne');
    assert.equal(await field(/^Date de naissance/).inputValue(), '1988-03-14');
    assert.ok(await page.getByLabel('Passeport').isChecked());
    assert.equal(await field(/^Motif de la demande/).inputValue(), 'renewal');
    // The agent corrects the given names from the identity document: shown, and recorded at start.
    await field(/^Prénoms/).fill('Maëlys');
    await page.getByText(/Corrigé par rapport à la pré-demande \(« Maëlys Anne »\)/).waitFor();
    await expectNoAxeViolations(page);
    await shot('1-pre-demande-scannee');
  });

  it('shows the appointment the same number holds in another town hall', async () => {
    const rdv = page.getByTestId('appointments-check');
    assert.equal(await rdv.getAttribute('data-outcome'), 'warning');
    const list = page.getByRole('list', { name: 'Rendez-vous pris ailleurs avec ce numéro' });
    assert.match((await list.textContent()) ?? '', /Mairie de Quimper, le 21\/12\/2026 à 09:30/);
    assert.match((await rdv.textContent()) ?? '', /doublon/);
    await rdv.scrollIntoViewIfNeeded();
    await shot('2-rendez-vous-en-double');
  });

  it('refuses a forged proof of address, with its signed fields beside what to compare', async () => {
    const typed = forgedProof.replaceAll(GS, '<GS>').replaceAll(US, '<US>');
    await field(/^Texte du code 2D-DOC/).fill(typed);
    await page.getByRole('button', { name: 'Vérifier le justificatif' }).click();
    const proof = page.getByTestId('proof-of-address');
    await proof.waitFor({ timeout: 30000 });
    assert.match((await proof.textContent()) ?? '', /refusé.*demandez-en un autre/);
    assert.match((await proof.locator('tr[data-field="22"]').textContent()) ?? '', /14 RUE DES LILAS/);
    assert.match(
      (await proof.locator('tr[data-field="10"]').textContent()) ?? '',
      /M\/MARTIN\/PAUL.*QUELENNEC/,
    );
    // The form is intact.
    assert.equal(await field(/^Nom de naissance/).inputValue(), 'QUELENNEC');
    await expectNoAxeViolations(page);
    await proof.scrollIntoViewIfNeeded();
    await shot('3-justificatif-falsifie-refuse');
  });

  it('refuses a used tax stamp (keyboard only) and keeps the form', async () => {
    await field(/^Numéro du timbre fiscal/).focus();
    await page.keyboard.type(usedStamp);
    await page.keyboard.press('Enter');
    const stamp = page.getByTestId('tax-stamp-check');
    await stamp.waitFor({ timeout: 30000 });
    assert.equal(await stamp.getAttribute('data-outcome'), 'refused');
    assert.match((await stamp.textContent()) ?? '', /déjà utilisé/);
    assert.equal(await field(/^Prénoms/).inputValue(), 'Maëlys');
    assert.equal(await field(/^Numéro de pré-demande/).inputValue(), number);
    await expectNoAxeViolations(page);
    await stamp.scrollIntoViewIfNeeded();
    await shot('4-timbre-deja-utilise-refuse');
  });

  it('starts the application with the checks recorded in its draft (the used stamp not kept)', async () => {
    await field(/^Sexe/).selectOption('F');
    await page.getByRole('button', { name: 'Commencer la demande' }).click();
    await page.getByRole('heading', { name: 'Photo d’identité' }).waitFor({ timeout: 30000 });
    const current = await control.api.invoke('application.current', {});
    assert.ok(current.ok && current.value);
    const checks = current.value.counterChecks;
    assert.equal(current.value.preApplicationNumber, number);
    assert.equal(checks?.preApplication?.outcome, 'ok');
    assert.deepEqual(checks?.corrections, ['givenNames']);
    assert.equal(checks?.appointments?.duplicates, 1);
    assert.equal(checks?.proofOfAddress?.verdict, 'altered');
    assert.equal(checks?.taxStamp, undefined);
    assert.ok((await control.api.invoke('application.cancel', { reason: 'agent-abandoned' })).ok);
  });

  it('with the central system stopped, a lookup is flagged as deferred and the form kept', async () => {
    central.kill('SIGTERM');
    await new Promise((r) => central.once('exit', r));
    await page.reload();
    await page.getByRole('heading', { name: 'Demande et identité du demandeur' }).waitFor({ timeout: 30000 });
    await field(/^Nom de naissance/).fill('Quelennec');
    await field(/^Numéro de pré-demande/).fill(number);
    await page.getByRole('button', { name: 'Rechercher la pré-demande' }).click();
    const check = page.getByTestId('pre-application-check');
    await check.waitFor({ timeout: 60000 });
    assert.equal(await check.getAttribute('data-outcome'), 'deferred');
    assert.match((await check.textContent()) ?? '', /différée.*injoignable/);
    assert.equal(await field(/^Nom de naissance/).inputValue(), 'Quelennec');
    await expectNoAxeViolations(page);
    await shot('5-hors-connexion-differe');
  });
});
