/**
 * End to end of the France Identité certification in Chromium (browser mode, simulated bench,
 * reference central server): an agent certificateur signs in, scans the simulated app's QR code,
 * types a wrong CAN (tries left shown), then the right one, follows the chip read, captures the
 * two DG3 fingers of the holder (certified) and transmits; then an impostor's fingers (refused after
 * the allowed attempts, after a card taken off during the read and put back) and a forged card
 * (not genuine). Each screen passes axe-core and is
 * screenshotted to test-results/screenshots/certification-*.png. The central receives exactly the
 * two certification dossiers, each with the `certification` part only (no biometric image).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { CentralStore, loadCentralConfig } from '../../central/api';
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

describe('France Identité certification, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-certification-e2e-'));
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  let central: ChildProcess;
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  const dossierIds: string[] = [];

  const shot = async (name: string) => {
    await page.screenshot({ path: join(screenshots, `certification-${name}.png`), fullPage: true });
  };
  const axe = async () => {
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
  };

  /** Scans the simulated app's QR code and reads the card with `can` (the CAN step stays on failure). */
  const scanReference = async () => {
    await page.getByRole('heading', { level: 2, name: 'QR code de l’application France Identité' }).waitFor();
    await page.getByRole('button', { name: 'Afficher le QR code de l’application simulée' }).click();
    await page.waitForFunction(() =>
      /^FI-/.test(
        (document.querySelector('input[name=requestReference]') as HTMLInputElement | null)?.value ?? '',
      ),
    );
    await page.getByRole('button', { name: 'Valider la référence' }).click();
    await page.getByRole('heading', { level: 2, name: 'Lecture de la carte d’identité' }).waitFor();
  };
  const readCard = async (can: string) => {
    await page.getByLabel('CAN de la carte').fill(can);
    await page.getByRole('button', { name: /Lire la carte|Reprendre la lecture/ }).click();
  };
  /** Captures `finger` until it is settled; returns its status and the messages after each attempt. */
  const captureUntilSettled = async (finger: string, label: string) => {
    const card = page.locator(`[data-finger="${finger}"]`);
    const result = page.getByRole('heading', { level: 2, name: 'Résultat de la certification' });
    const messages: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await card.getByRole('button', { name: `Capturer l’${label}` }).click();
      await card.getByText(`Essai ${attempt} sur 3`).or(result).waitFor({ timeout: 60000 });
      // The last finger settled: the result screen replaces the capture screen.
      if (await result.isVisible())
        return {
          status: await page.locator(`[data-result-finger="${finger}"]`).getAttribute('data-status'),
          messages,
        };
      messages.push((await card.getByTestId('finger-message').textContent()) ?? '');
      if ((await card.getAttribute('data-status')) !== 'pending') break;
    }
    return { status: await card.getAttribute('data-status'), messages };
  };
  const submit = async () => {
    await page.getByRole('button', { name: 'Transmettre le résultat' }).click();
    const text = (await page.getByTestId('submitted').textContent({ timeout: 60000 })) ?? '';
    const id = /dossier ([0-9a-f-]{36})/.exec(text)?.[1];
    assert.ok(id, text);
    dossierIds.push(id);
    return text;
  };

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    recueil(['demo', 'init', '--dir', dir]);
    central = await startCentralProcess(centralConfig);
    station = await startStationProcess({ configFile: stationConfig });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(station.uiUrl);
    await signIn(page, 'agent-certificateur', '1234');
    await page.getByRole('link', { name: 'Certification' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Certification France Identité' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await station?.stop();
    central?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a QR code that is not a France Identité request', async () => {
    await page.getByRole('heading', { level: 2, name: 'QR code de l’application France Identité' }).waitFor();
    await shot('1-reference');
    await axe();
    await page.getByLabel('Référence de la demande').fill('FI-ABCDEFGHIJKLMNOP00');
    await page.getByRole('button', { name: 'Valider la référence' }).click();
    await page.getByText(/clé de contrôle incorrecte/).waitFor();
  });

  it('tells a wrong CAN with the tries left, then reads the card with the right one', async () => {
    await scanReference();
    await page.getByText('le CAN de la carte simulée est 123456').waitFor();
    await shot('2-can');
    await axe();
    await readCard('000000');
    const error = page.getByTestId('chip-error');
    await error.waitFor({ timeout: 60000 });
    assert.match((await error.textContent()) ?? '', /ne correspond pas à la carte.*il reste 2 essais/);
    await shot('3-wrong-can');
    await axe();
    await readCard('123456');
    await page
      .getByRole('heading', { level: 2, name: 'Comparaison des empreintes' })
      .waitFor({ timeout: 60000 });
    await page.getByText('Carte authentique').waitFor();
    assert.deepEqual(
      await page
        .locator('[data-finger]')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-finger'))),
      ['right-index', 'left-index'],
    );
    await shot('4-capture');
    await axe();
  });

  it('certifies the holder: both fingers correspond, shown side by side without a score', async () => {
    const right = await captureUntilSettled('right-index', 'index droit');
    assert.equal(right.status, 'matched', right.messages.join(' | '));
    await shot('5-finger-matched');
    const left = await captureUntilSettled('left-index', 'index gauche');
    assert.equal(left.status, 'matched', left.messages.join(' | '));
    await page.getByRole('heading', { level: 2, name: 'Résultat de la certification' }).waitFor();
    assert.match((await page.getByTestId('decision').textContent()) ?? '', /l’identité est certifiée/);
    assert.equal(await page.getByRole('img', { name: /enregistrée dans la puce/ }).count(), 2);
    assert.equal(await page.getByRole('img', { name: /capturée au guichet/ }).count(), 2);
    const body = (await page.locator('main').textContent()) ?? '';
    assert.doesNotMatch(body, /score|0[.,]\d{3}/i, 'no raw score on screen');
    await shot('6-result-certified');
    await axe();
    const text = await submit();
    assert.match(text, /Identité certifiée/);
    await shot('7-submitted');
    await axe();
  });

  it('refuses an impostor after the allowed attempts', async () => {
    await page.getByRole('button', { name: 'Nouvelle certification' }).click();
    await page.locator('summary', { hasText: 'Simulation' }).click();
    await page.getByRole('button', { name: 'Une autre personne présente ses doigts' }).click();
    await page.getByTestId('simulation-status').getByText('Une autre personne').waitFor();
    await scanReference();
    // The card is taken off the reader during the read: the agent is told, and the read resumes.
    await page.getByRole('button', { name: 'Retirer la carte pendant la prochaine lecture' }).click();
    await page.getByTestId('simulation-status').getByText('prochaine lecture').waitFor();
    await readCard('123456');
    await page.getByText('Carte retirée').waitFor({ timeout: 60000 });
    assert.match((await page.getByTestId('chip-error').textContent()) ?? '', /reposez-la sur le lecteur/);
    await shot('8-card-removed');
    await axe();
    await page.getByRole('button', { name: 'Reprendre la lecture' }).click();
    await page
      .getByRole('heading', { level: 2, name: 'Comparaison des empreintes' })
      .waitFor({ timeout: 60000 });
    const right = await captureUntilSettled('right-index', 'index droit');
    assert.equal(right.status, 'not-matched');
    assert.equal(right.messages.length, 3);
    assert.match(right.messages[0]!, /Pas de correspondance.*il reste 2 essais/);
    await shot('9-finger-no-match');
    await axe();
    const left = await captureUntilSettled('left-index', 'index gauche');
    assert.equal(left.status, 'not-matched');
    assert.equal(left.messages.length, 2, 'the third attempt ends on the result screen');
    await page.getByRole('heading', { level: 2, name: 'Résultat de la certification' }).waitFor();
    assert.match((await page.getByTestId('decision').textContent()) ?? '', /la certification est refusée/);
    await shot('10-result-refused');
    await axe();
    assert.match(await submit(), /Certification refusée/);
  });

  it('stops on a forged card with a clear message and no dossier', async () => {
    await page.getByRole('button', { name: 'Nouvelle certification' }).click();
    await page.getByRole('button', { name: 'Le titulaire présente sa carte et ses doigts' }).click();
    await page.getByRole('button', { name: 'Présenter une carte contrefaite' }).click();
    await page.getByTestId('simulation-status').getByText('carte contrefaite').waitFor();
    await scanReference();
    await readCard('123456');
    await page
      .getByRole('heading', { level: 2, name: 'Certification impossible' })
      .waitFor({ timeout: 60000 });
    await page.getByText('Carte non authentique').waitFor();
    assert.match((await page.getByTestId('failure').textContent()) ?? '', /peut-être contrefaite/);
    await shot('11-not-genuine');
    await axe();
    await page.getByRole('button', { name: 'Le titulaire présente sa carte et ses doigts' }).click();
  });

  it('the central received the two certification dossiers, without any image', async () => {
    await page.getByRole('link', { name: 'Suivi des demandes' }).first().click();
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await page.locator('[data-count="acknowledged"] strong', { hasText: '2' }).waitFor({ timeout: 90000 });
    assert.deepEqual(JSON.parse(recueil(['central', 'count', '--config', centralConfig, '--json'])), {
      dossiers: 2,
    });
    const store = await CentralStore.open(loadCentralConfig(centralConfig).dataDir);
    try {
      for (const id of dossierIds) {
        const stored = store.find(id);
        assert.ok(stored, `dossier ${id} at the central`);
        assert.equal(stored.kind, 'certification');
        const names = [...stored.manifest.matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]);
        assert.deepEqual(names, ['certification']);
      }
    } finally {
      store.close();
    }
  });
});
