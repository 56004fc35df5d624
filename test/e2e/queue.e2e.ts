/**
 * End to end for the offline queue and the follow-up of dossiers ("Suivi des demandes"), through
 * the CLI contract and the UI: a provisioned demo environment, the reference central server
 * running, dossiers enqueued while the station is off, then the station starts, syncs them in the
 * background, and the screen shows them received by the central, which counts each exactly once;
 * the central then moves one to instruction and asks a complement for another, and after a sync
 * the screen shows both statuses and the request, searchable and filtered (screenshot
 * test-results/screenshots/suivi-des-demandes.png). The technician then sees the health checks
 * (screenshot test-results/screenshots/diagnostics-health.png), the clock measured against the
 * central process.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { signIn } from './session-helpers';
import { type RunningStation, recueil, startCentralProcess, startStationProcess } from './station-process';

const screenshots = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

describe('offline queue and sync, from the CLI and the UI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-queue-e2e-'));
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  let central: ChildProcess;
  let station: RunningStation;
  let browser: Browser;
  let pageRef: Page;

  before(async () => {
    recueil(['demo', 'init', '--dir', dir]);
    central = await startCentralProcess(centralConfig);
  });
  after(async () => {
    await browser?.close();
    await station?.stop();
    central?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues dossiers durably while the station is off', () => {
    const out = recueil(['sim', 'enqueue', '--config', stationConfig, '--count', '3', '--size-mb', '0.2']);
    assert.equal(
      out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('enqueued ')).length,
      3,
    );
    assert.deepEqual(JSON.parse(recueil(['queue', 'status', '--config', stationConfig, '--json'])), {
      queued: 3,
      uploading: 0,
      acknowledged: 0,
      parked: 0,
    });
  });

  it('syncs them in the background once the station runs, and shows them acknowledged', async () => {
    station = await startStationProcess({ configFile: stationConfig });
    browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    await page.goto(station.uiUrl);
    await signIn(page, 'agent');
    await page.getByRole('link', { name: 'Suivi des demandes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Suivi des demandes' }).waitFor();
    await page.locator('[data-count="acknowledged"] strong', { hasText: '3' }).waitFor({ timeout: 60000 });
    assert.equal(await page.locator('tr[data-dossier-state="acknowledged"]').count(), 3);
    pageRef = page;
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      results.violations.map((v) => v.id),
      [],
    );
    assert.deepEqual(JSON.parse(recueil(['central', 'count', '--config', centralConfig, '--json'])), {
      dossiers: 3,
    });
  });
  it('follows the dossiers at the central: statuses, a complement request, search and filters', async () => {
    const page = pageRef;
    const listed = JSON.parse(recueil(['central', 'list', '--config', centralConfig, '--json'])) as {
      dossier: string;
      status: string;
    }[];
    assert.deepEqual(
      listed.map((d) => d.status),
      ['received', 'received', 'received'],
    );
    const [first, second] = listed.map((d) => d.dossier);
    recueil([
      'central',
      'set-status',
      '--config',
      centralConfig,
      '--dossier',
      first!,
      '--status',
      'instruction',
    ]);
    const asked = JSON.parse(
      recueil([
        'central',
        'request-complement',
        '--config',
        centralConfig,
        '--dossier',
        second!,
        '--part',
        'portrait',
        '--reason',
        'photo-non-conforme',
        '--json',
      ]),
    ) as { request: string };
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
    await page.locator(`tr[data-request="${asked.request}"]`).waitFor({ timeout: 60000 });
    await page.locator('tr[data-central-status="instruction"]').waitFor();
    assert.equal(await page.locator('tr[data-central-status="complement_requested"]').count(), 1);
    assert.equal(await page.locator('tr[data-central-status="received"]').count(), 1);
    await page.getByLabel('Statut').selectOption('complement_requested');
    assert.equal(await page.getByTestId('follow-up').locator('tbody tr').count(), 1);
    await page.getByLabel('Statut').selectOption('');
    await page.getByLabel(/Numéro de dossier/).fill(first!.slice(-6).toUpperCase());
    assert.equal(await page.getByTestId('follow-up').locator('tbody tr').count(), 1);
    await page.getByLabel(/Numéro de dossier/).fill('');
    // The running station wrote every message its sync host accepted to the audit log
    // (3 received, then instruction; instruction, complement_requested and the request itself).
    const audited = () =>
      readdirSync(join(station.dataDir, 'audit'))
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) => readFileSync(join(station.dataDir, 'audit', f), 'utf8').split('\n'))
        .filter((line) => line.includes('"inbox.message"'));
    for (let i = 0; i < 150 && audited().length < 7; i++) await new Promise((r) => setTimeout(r, 200));
    assert.equal(audited().length, 7);
    assert.ok(audited().every((line) => line.includes('"outcome":"success"')));
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'suivi-des-demandes.png'), fullPage: true });
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      results.violations.map((v) => v.id),
      [],
    );
  });

  it('shows the technician the health checks: clock measured against the central, queue empty', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(station.uiUrl);
    await signIn(page, 'technicien');
    await page.getByRole('link', { name: 'Diagnostic', exact: true }).click();
    const health = page.getByTestId('health-checks');
    await health.locator('tr[data-check="device-firmware"]').waitFor();
    const row = (id: string) => health.locator(`tr[data-check="${id}"]`);
    assert.equal(
      await row('clock-drift').getAttribute('data-status'),
      'ok',
      (await row('clock-drift').textContent()) ?? '',
    );
    assert.match(
      (await row('clock-drift').textContent()) ?? '',
      /celle du système central de [\d,]+ (ms|s) \(mesure à/,
    );
    assert.equal(await row('station-certificate').getAttribute('data-status'), 'ok');
    assert.match((await row('sync-backlog').textContent()) ?? '', /Aucun dossier en attente d’envoi/);
    // The agent and the technician cards of this test were noted when their sessions opened.
    assert.match((await row('agent-card-certificates').textContent()) ?? '', /2 cartes agent connues/);
    mkdirSync(screenshots, { recursive: true });
    await page.getByRole('heading', { name: 'Contrôles de santé' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'diagnostics-health.png'), fullPage: true });
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      results.violations.map((v) => v.id),
      [],
    );
    // The same checks from the command line, against the central process.
    const checks = JSON.parse(recueil(['health', '--config', stationConfig, '--json'])) as {
      id: string;
      status: string;
    }[];
    assert.equal(checks.find((c) => c.id === 'clock-drift')?.status, 'ok');
  });
});
