import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestCa } from '../pki';
import { enrollmentStatus, evaluateEnrollment } from './status';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-06-01T12:00:00Z');
const valid = (days: number) => ({
  notBefore: new Date(now.getTime() - DAY),
  notAfter: new Date(now.getTime() + days * DAY),
});

test('a station without a central section is not enrolled and is told how to enroll', () => {
  const status = evaluateEnrollment({ configured: false }, now);
  assert.equal(status.enrolled, false);
  assert.match(status.reason ?? '', /recueil enroll --central URL --code CODE/);
});

test('revoked, unreadable, expired and not-yet-valid certificates refuse capture with a reason', () => {
  const revoked = evaluateEnrollment({ configured: true, certificate: valid(100), revokedAt: now }, now);
  assert.equal(revoked.enrolled, false);
  assert.match(revoked.reason ?? '', /révoqué/);

  const unreadable = evaluateEnrollment(
    { configured: true, certificate: 'unreadable', certificatePath: '/x/client.pem' },
    now,
  );
  assert.equal(unreadable.enrolled, false);
  assert.match(unreadable.reason ?? '', /\/x\/client\.pem/);

  const expired = evaluateEnrollment({ configured: true, certificate: valid(-1) }, now);
  assert.equal(expired.enrolled, false);
  assert.match(expired.reason ?? '', /expiré/);
  assert.equal(expired.expiresAt, new Date(now.getTime() - DAY).toISOString());

  const early = evaluateEnrollment(
    {
      configured: true,
      certificate: { notBefore: new Date(now.getTime() + DAY), notAfter: valid(10).notAfter },
    },
    now,
  );
  assert.equal(early.enrolled, false);
  assert.match(early.reason ?? '', /horloge/);
});

test('renewal is due N days before expiry: no warning before, a French warning after', () => {
  const far = evaluateEnrollment({ configured: true, certificate: valid(31) }, now);
  assert.equal(far.enrolled, true);
  assert.equal(far.warning, undefined);
  assert.equal(far.renewDueAt, new Date(now.getTime() + DAY).toISOString());

  const soon = evaluateEnrollment({ configured: true, certificate: valid(12) }, now);
  assert.equal(soon.enrolled, true);
  assert.match(soon.warning ?? '', /dans 12 jours.*recueil enroll renew/);

  const custom = evaluateEnrollment({ configured: true, certificate: valid(12) }, now, 10);
  assert.equal(custom.warning, undefined, 'a 10-day warning period starts later');
  assert.match(
    evaluateEnrollment({ configured: true, certificate: valid(1) }, now, 10).warning ?? '',
    /dans 1 jour\)/,
  );
});

test('enrollmentStatus reads the certificate and the revocation marker beside it', async () => {
  const ca = await createTestCa();
  const issued = await ca.issue({
    kind: 'client',
    commonName: 'DR-TEST-0001',
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 5 * DAY),
  });
  const files = new Map([['/st/enrollment/client.pem', issued.cert]]);
  const read = (path: string) => {
    const text = files.get(path);
    if (text === undefined) throw Object.assign(new Error('absent'), { code: 'ENOENT' });
    return text;
  };
  const config = { central: { tls: { cert: '/st/enrollment/client.pem' } } };
  const status = enrollmentStatus(config, { now, read });
  assert.equal(status.enrolled, true);
  assert.match(status.warning ?? '', /dans 5 jours/);
  assert.equal(enrollmentStatus({}, { now, read }).enrolled, false);

  files.set(join('/st/enrollment', 'revoked.json'), JSON.stringify({ revokedAt: now.toISOString() }));
  const revoked = enrollmentStatus(config, { now, read });
  assert.equal(revoked.enrolled, false);
  assert.match(revoked.reason ?? '', /révoqué/);
});
