import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeState, frenchDuration } from './states';

test('offline: for how long and how many dossiers wait, then why', () => {
  const state = describeState('offline', 8, 'central-unreachable', { offlineForMs: 12 * 60_000 + 30_000 });
  assert.equal(state.online, false);
  assert.ok(
    state.detail?.startsWith('Connexion au système central perdue depuis 12 min — 8 dossiers en attente. '),
    state.detail,
  );
  assert.ok(state.detail?.includes('partiront dès le retour du réseau'), state.detail);
  assert.ok(describeState('offline', 1).detail?.includes('moins d’une minute — 1 dossier en attente.'));
  assert.ok(describeState('offline', 0).detail?.includes('aucun dossier en attente'));
});

test('durations read as an agent says them', () => {
  assert.equal(frenchDuration(59_000), 'moins d’une minute');
  assert.equal(frenchDuration(60_000), '1 min');
  assert.equal(frenchDuration(125 * 60_000), '2 h 05');
  assert.equal(frenchDuration(24 * 3600_000), '1 jour');
  assert.equal(frenchDuration(72 * 3600_000), '3 jours');
});

test('a refused certificate is blocked with its cause, never "perdue depuis"', () => {
  const state = describeState('blocked', 3, 'station-certificate-refused', { offlineForMs: 600_000 });
  assert.ok(state.detail?.startsWith('Certificat du poste refusé'), state.detail);
});
