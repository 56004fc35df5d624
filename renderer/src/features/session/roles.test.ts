/** Screens per role: agents never reach diagnostics, technicians never reach personal data. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowed, landingFor, screensFor } from './roles';

describe('screens per role', () => {
  it('gives agents capture and the queue, certifying agents certification too', () => {
    assert.deepEqual(screensFor('agent'), ['#/', '#/capture', '#/queue']);
    assert.ok(!allowed('agent', '#/certification'));
    assert.ok(allowed('agent-certificateur', '#/certification'));
    assert.ok(!allowed('agent', '#/diagnostics'));
  });

  it('keeps technicians on diagnostics and the queue', () => {
    assert.deepEqual(screensFor('technicien'), ['#/diagnostics', '#/queue']);
    for (const route of ['#/', '#/capture', '#/certification'] as const)
      assert.ok(!allowed('technicien', route));
    assert.equal(landingFor('technicien'), '#/diagnostics');
    assert.equal(landingFor('agent'), '#/');
  });
});
