/**
 * End to end in browser mode: the real CLI starts the station with simulated devices, Chromium loads
 * the UI, live device status follows a simulated unplug and replug made from another window, a host
 * restart is visible, the diagnostics screen shows the health checks, every screen passes axe-core,
 * and SIGTERM stops the station cleanly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { commandNames } from '../../main/contract/api';
import { connectStation } from '../chaos/station-client';
import { expectNoAxeViolations } from './axe';
import { fakeCameraFlags, launchChromium } from './browser';
import { type AgentRoleName, signIn } from './session-helpers';
import { type RunningStation, startStationProcess } from './station-process';

describe('station in browser mode', () => {
  let station: RunningStation;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];

  before(async () => {
    station = await startStationProcess();
    const cameraClip = await station.line('camera');
    browser = await launchChromium(fakeCameraFlags(cameraClip));
    context = await browser.newContext();
  });
  after(async () => {
    await browser?.close();
    if (station) {
      const code = await station.stop();
      assert.equal(code, 0, 'the station exits with 0 on SIGTERM');
      assert.ok(station.stdout.includes('stopped'));
    }
  });

  async function openUi(role: AgentRoleName = 'agent-certificateur'): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(station.uiUrl);
    await signIn(page, role);
    return page;
  }

  it('prints its milestones before the UI line', () => {
    for (const m of ['core-ready', 'hosts-ready', 'devices-ready']) {
      assert.ok(station.stdout.includes(`milestone ${m}`), `milestone ${m}`);
    }
    assert.match(station.uiUrl, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  it('runs no command but station.info, station.health and session.* without a session (the probe)', async () => {
    const probe = await connectStation(station.uiUrl);
    try {
      const before = await probe.api.invoke('station.health', {});
      assert.ok(before.ok);
      const syncPid = before.value.hosts.find((h) => h.host === 'sync')?.pid;
      for (const name of commandNames.filter((n) => !n.startsWith('session.'))) {
        const payload = name === 'hosts.restart' ? { host: 'sync' } : {};
        const result = await probe.api.invoke(name, payload as never);
        if (name === 'station.info' || name === 'station.health') assert.ok(result.ok, name);
        else {
          assert.equal(!result.ok && result.error.code, 'SESSION_REQUIRED', name);
          assert.match(!result.ok ? result.error.message : '', /Aucune session ouverte/, name);
        }
      }
      const afterwards = await probe.api.invoke('station.health', {});
      assert.ok(afterwards.ok);
      const sync = afterwards.value.hosts.find((h) => h.host === 'sync');
      assert.equal(sync?.pid, syncPid, 'hosts.restart without a session restarted nothing');
      assert.equal(sync?.restarts, 0);
    } finally {
      probe.close();
    }
  });

  it('shows the station identity and the live device panel, in French, without violations', async () => {
    const page = await openUi();
    await page.getByRole('heading', { level: 1, name: 'Poste de recueil' }).waitFor();
    await page.getByText('Mairie de Test-sur-Loire').waitFor();
    assert.equal(await page.getByTestId('station-id').textContent(), 'DR-E2E-0001');
    await page.locator('tr[data-connection="connected"]').nth(3).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.ok(!page.url().includes('token='), 'the token is removed from the address bar');
    for (const role of ['Demande de titre', 'Certification France Identité', 'Diagnostic technicien']) {
      await page
        .getByRole('link', { name: new RegExp(role) })
        .first()
        .waitFor();
    }
    await expectNoAxeViolations(page, 'home');
    await page.close();
  });

  it('follows a simulated unplug and replug live, and passes axe on diagnostics', async () => {
    const home = await openUi('technicien');
    const fingerprintRow = home.locator('tr', { hasText: 'Empreintes digitales' });
    await fingerprintRow.getByText('Connecté').waitFor();

    const technician = await openUi('technicien');
    await technician.getByRole('link', { name: 'Diagnostic', exact: true }).click();
    await technician.getByRole('heading', { level: 1, name: 'Diagnostic' }).waitFor();
    // The probe's refusals (no session) are incidents: the technician finds their references here.
    const incident = technician
      .getByTestId('incidents')
      .locator('tr', { hasText: 'E-SESSION-REQUIRED-' })
      .first();
    await incident.waitFor();
    assert.match(
      (await incident.textContent()) ?? '',
      /Aucune session ouverte : .* Réf\. E-SESSION-REQUIRED-[0-9A-F]{8}/,
    );
    // The health checks with their remedies (this test station is not enrolled: they say so).
    const health = technician.getByTestId('health-checks');
    await health.locator('tr[data-check="device-firmware"]').waitFor();
    assert.equal(await health.locator('tr[data-check]').count(), 8);
    const clock = health.locator('tr[data-check="clock-drift"]');
    assert.equal(await clock.getAttribute('data-status'), 'warn');
    assert.match((await clock.textContent()) ?? '', /Poste non enrôlé/);
    assert.equal(
      await health.locator('tr[data-check="station-certificate"]').getAttribute('data-status'),
      'fail',
    );
    assert.equal(await health.locator('tr[data-check="device-firmware"]').getAttribute('data-status'), 'ok');
    await expectNoAxeViolations(technician, 'diagnostics');
    const row = technician.locator('tr', { hasText: 'Empreintes digitales' });
    await row.getByRole('button', { name: /Débrancher/ }).click();

    await fingerprintRow.getByText('Déconnecté').waitFor();
    assert.equal(await fingerprintRow.getAttribute('data-connection'), 'disconnected');

    await row.getByRole('button', { name: /Rebrancher/ }).click();
    await fingerprintRow.getByText('Connecté', { exact: true }).waitFor();
    assert.equal(await fingerprintRow.getAttribute('data-connection'), 'connected');
    await home.close();
    await technician.close();
  });

  it('lets the technician self-test a device, see a test capture and its masked protocol trace', async () => {
    const page = await openUi('technicien');
    await page.goto(`${new URL(station.uiUrl).origin}/#/diagnostics`);
    const pad = page.locator('[data-panel-device="sim-wacom-stu-540"]');
    await pad.getByText('STU540SIM0001').waitFor();
    await pad.getByRole('button', { name: 'Activer la trace' }).click();
    await pad.getByRole('button', { name: 'Auto-test' }).click();
    await pad.getByTestId('self-test').getByText('Auto-test réussi').waitFor();
    await pad.getByRole('button', { name: 'Capture de test' }).click();
    await pad
      .getByTestId('test-capture')
      .getByRole('img', { name: 'Tracé de la signature de test' })
      .waitFor();
    await pad.getByRole('button', { name: 'Actualiser la trace' }).click();
    // Pen reports (personal data) appear in the trace with their report id only.
    await pad
      .getByTestId('trace')
      .getByText(/^34…masked$/)
      .first()
      .waitFor();
    const scanner = page.locator('[data-panel-device="sim-sbi-fingerprint"]');
    await scanner.getByRole('button', { name: 'Capture de test' }).click();
    await scanner.getByTestId('test-capture').getByRole('img', { name: 'Empreinte de test' }).waitFor();
    await expectNoAxeViolations(page, 'diagnostics after tests');
    await page.close();
  });

  it('previews the simulated camera and takes a full-resolution still', async () => {
    const page = await openUi('technicien');
    await page.goto(`${new URL(station.uiUrl).origin}/#/diagnostics`);
    await page.getByRole('button', { name: 'Démarrer la caméra' }).click();
    await page.getByTestId('camera-resolution').waitFor();
    assert.equal(await page.getByTestId('camera-resolution').textContent(), '960 × 1280 px');
    await page.getByRole('button', { name: 'Prendre une photo de test' }).click();
    await page.getByTestId('camera-still').waitFor();
    assert.match((await page.getByTestId('camera-still').textContent()) ?? '', /960 × 1280 px/);
    await expectNoAxeViolations(page, 'diagnostics with camera');
    await page.getByRole('button', { name: 'Arrêter la caméra' }).click();
    await page.close();
  });

  it('shows a host restart to the technician', async () => {
    const page = await openUi('technicien');
    await page.goto(`${new URL(station.uiUrl).origin}/#/diagnostics`);
    const deviceHost = page.locator('li[data-host="device"]');
    await deviceHost.getByText('En service').waitFor();
    await deviceHost.getByRole('button', { name: /Redémarrer/ }).click();
    await deviceHost.getByText('(1 redémarrage)').waitFor();
    await page.locator('li[data-host="device"][data-state="running"]').waitFor();
    // The restarted host serves the device panel again.
    await page.locator('tr[data-connection="connected"]').nth(3).waitFor();
    await page.close();
  });

  it('raised no page error (CSP included) and logged no session token', () => {
    assert.deepEqual(pageErrors, []);
    const token = new URL(station.uiUrl).searchParams.get('token')!;
    const log = readFileSync(join(station.dataDir, 'logs', 'station.log'), 'utf8');
    assert.ok(log.length > 0);
    assert.ok(!log.includes(token), 'the session token never reaches the log');
  });
});
