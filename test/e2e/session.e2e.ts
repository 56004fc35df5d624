/**
 * End to end in browser mode: the agent session. The station (simulated devices, idle lock after
 * 1 minute) starts on the sign-in screen; a simulated agent card with a wrong then the right PIN
 * opens a session; navigation follows the role; the lock screen asks the PIN again; sign-out; a
 * technician sees only diagnostics and the queue; an expired card is refused in plain French;
 * three wrong PINs block the card; the idle warning counts down, "Je suis là" keeps the session, and
 * without activity the session locks. Every session screen passes axe-core. The audit log records
 * the session without the PIN.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations } from './axe';
import { launchChromium } from './browser';
import { sessionRole, signIn } from './session-helpers';
import { type RunningStation, startStationProcess, writeTestStationConfig } from './station-process';

async function navigation(page: Page): Promise<string[]> {
  const links = page.locator('nav#header-navigation a:visible, .fr-nav a:visible');
  return (await links.allTextContents()).map((t) => t.trim()).filter((t, i, all) => all.indexOf(t) === i);
}

describe('agent session in browser mode', () => {
  let station: RunningStation;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recueil-e2e-session-'));
    const configFile = join(dir, 'station.json');
    writeTestStationConfig(configFile, 'DR-E2E-0002', {
      dataDir: 'station-data',
      session: { idleLockMinutes: 1 },
    });
    station = await startStationProcess({ configFile });
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(station.uiUrl);
  });
  after(async () => {
    await browser?.close();
    if (station) assert.equal(await station.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the sign-in screen, with no navigation and no capture screen', async () => {
    const signInScreen = page.getByTestId('sign-in');
    await signInScreen.getByText('Insérez votre carte agent', { exact: true }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Ouverture de session');
    assert.deepEqual(await navigation(page), []);
    await page.goto(`${new URL(station.uiUrl).origin}/#/capture`);
    await signInScreen.waitFor();
    await expectNoAxeViolations(page, 'sign-in');
  });

  it('counts a wrong PIN, then opens an agent session with the right one', async () => {
    await page.getByRole('button', { name: 'Carte simulée : agent', exact: true }).click();
    const pin = page.getByLabel('Code PIN');
    await pin.waitFor();
    assert.equal(await pin.getAttribute('type'), 'password');
    assert.equal(await pin.getAttribute('inputmode'), 'numeric');
    await page.getByTestId('pin-tries').getByText('3', { exact: true }).waitFor();
    await pin.fill('9999');
    await page.getByRole('button', { name: 'Ouvrir la session' }).click();
    await page.getByText('Code PIN erroné, il reste 2 essais').waitFor();
    // One message says the tries left, once.
    assert.equal(await page.getByTestId('pin-tries').count(), 0);
    assert.equal(await page.getByText(/il reste 2 essais|Essais restants/).count(), 1);
    await expectNoAxeViolations(page, 'PIN entry with an error');

    await pin.fill('1234');
    await page.getByRole('button', { name: 'Ouvrir la session' }).click();
    await sessionRole(page).waitFor();
    assert.equal(await sessionRole(page).getAttribute('data-session-role'), 'agent');
    // The header names the agent from the card certificate (the simulated card's CN), not its id.
    assert.equal(
      await page.locator('[data-testid="session-agent"]:visible').first().textContent(),
      'Agent de démonstration',
    );
    assert.doesNotMatch((await sessionRole(page).textContent()) ?? '', /AG-[0-9A-F]+/);
    assert.deepEqual(await navigation(page), ['Accueil', 'Demande de titre', 'Suivi des demandes']);
    await page.goto(`${new URL(station.uiUrl).origin}/#/`);
    await page.getByRole('heading', { level: 1, name: 'Poste de recueil' }).waitFor();
    await expectNoAxeViolations(page, 'home with a session');
  });

  it('keeps an agent out of diagnostics and certification', async () => {
    await page.goto(`${new URL(station.uiUrl).origin}/#/diagnostics`);
    await page.getByRole('heading', { level: 1, name: 'Poste de recueil' }).waitFor();
    assert.ok(page.url().endsWith('#/'));
    await page.goto(`${new URL(station.uiUrl).origin}/#/certification`);
    await page.getByRole('heading', { level: 1, name: 'Poste de recueil' }).waitFor();
  });

  it('locks on request and asks the PIN again', async () => {
    await page.getByRole('button', { name: 'Verrouiller' }).first().click();
    const lock = page.getByTestId('lock-screen');
    await lock.getByRole('heading', { level: 1, name: 'Session verrouillée' }).waitFor();
    assert.deepEqual(await navigation(page), []);
    await expectNoAxeViolations(page, 'lock screen');
    await page.getByLabel('Code PIN').fill('1234');
    await lock.getByRole('button', { name: 'Déverrouiller' }).click();
    await sessionRole(page).waitFor();
  });

  it('signs out, and gives a technician diagnostics and the queue only', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.getByTestId('sign-in').getByText('Insérez votre carte agent', { exact: true }).waitFor();
    await signIn(page, 'technicien');
    assert.deepEqual(await navigation(page), ['Diagnostic', 'Suivi des demandes']);
    await page.getByRole('heading', { level: 1, name: 'Diagnostic' }).waitFor();
    await page.goto(`${new URL(station.uiUrl).origin}/#/capture`);
    await page.getByRole('heading', { level: 1, name: 'Diagnostic' }).waitFor();
    await signIn(page, 'agent-certificateur');
    assert.deepEqual(await navigation(page), [
      'Accueil',
      'Demande de titre',
      'Certification',
      'Suivi des demandes',
    ]);
  });

  it('refuses an expired card and blocks a card after three wrong PINs, in plain French', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.getByRole('button', { name: 'Carte simulée : expirée' }).click();
    await page.getByText(/Carte agent expirée : demandez son renouvellement/).waitFor();
    await expectNoAxeViolations(page, 'rejected card');

    await page.getByRole('button', { name: 'Carte simulée : agent', exact: true }).click();
    const pin = page.getByLabel('Code PIN');
    for (const [wrong, left] of [
      ['1111', '2'],
      ['2222', '1'],
    ] as const) {
      await pin.fill(wrong);
      await page.getByRole('button', { name: 'Ouvrir la session' }).click();
      await page.getByText(`Code PIN erroné, il reste ${left} essai${left === '1' ? '' : 's'}`).waitFor();
    }
    await pin.fill('3333');
    await page.getByRole('button', { name: 'Ouvrir la session' }).click();
    await page.getByText(/Carte bloquée : trois codes PIN erronés/).waitFor();
    assert.equal(await page.getByLabel('Code PIN').count(), 0, 'no PIN field for a blocked card');
    await expectNoAxeViolations(page, 'blocked card');
  });

  it('warns before the idle lock, keeps the session on "Je suis là", then locks without activity', async () => {
    await signIn(page, 'technicien');
    const warning = page.getByTestId('idle-warning');
    await warning.waitFor({ timeout: 45_000 });
    const countdown = Number(await warning.getByTestId('idle-countdown').textContent());
    assert.ok(countdown > 0 && countdown <= 30, `countdown ${countdown}`);
    await expectNoAxeViolations(page, 'idle warning');
    await warning.getByRole('button', { name: 'Je suis là' }).click();
    await warning.waitFor({ state: 'detached' });
    assert.ok(await sessionRole(page).isVisible());

    await warning.waitFor({ timeout: 45_000 });
    await page.getByTestId('lock-screen').waitFor({ timeout: 45_000 });
    await signIn(page, 'technicien');
  });

  it('audited the session without the PIN, and raised no page error', () => {
    const auditDir = join(station.dataDir, 'audit');
    const text = readdirSync(auditDir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(join(auditDir, f), 'utf8'))
      .join('');
    for (const action of [
      'session.card-inserted',
      'session.pin-failed',
      'session.open',
      'session.lock',
      'session.unlock',
      'session.close',
      'session.card-rejected',
      'session.card-blocked',
      'session.idle-warning',
      'config.change', // the first start records the configuration
    ])
      assert.ok(text.includes(`"${action}"`), action);
    assert.ok(!/"(1111|2222|3333|9999|1234)"/.test(text), 'no PIN in the audit log');
    assert.deepEqual(pageErrors, []);
  });
});
