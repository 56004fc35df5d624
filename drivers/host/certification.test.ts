import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CertificationProgress } from '../../common/domain';
import type { StationError } from '../../common/errors';
import { FINGERPRINT_MATCH_THRESHOLD } from '../../models/fingerprint';
import { DeviceRegistry } from '../registry/device-registry';
import { certificationHostHandlers } from './certification';
import { SIMULATED_CAN } from './certification-simulation';

describe('device host: certification on the simulated bench', () => {
  let registry: DeviceRegistry;
  let handlers: ReturnType<typeof certificationHostHandlers>;
  const progress: CertificationProgress[] = [];

  before(async () => {
    registry = await DeviceRegistry.simulatedBench(['card-reader', 'fingerprint-scanner']);
    handlers = certificationHostHandlers({
      registry,
      simulated: true,
      emit: (event, payload) => {
        if (event === 'certification.progress') progress.push(payload as CertificationProgress);
      },
    });
  });
  after(() => registry.close());

  it('tells a wrong CAN with the tries left', async () => {
    await assert.rejects(
      async () => handlers.certificationReadChip({ can: '654321' }),
      (e: StationError) => {
        assert.equal(e.code, 'OPERATOR_RETRY');
        assert.equal(e.details?.reason, 'wrong-can');
        assert.equal(e.details?.triesLeft, 2);
        assert.match(e.message, /il reste 2 essais/);
        return true;
      },
    );
  });

  it('reads the genuine card with its progress and the DG3 fingers', async () => {
    progress.length = 0;
    const chip = await handlers.certificationReadChip({ can: SIMULATED_CAN });
    assert.equal(chip.genuine, true);
    assert.equal(chip.passiveAuthentication.ok, true);
    assert.equal(chip.chipAuthentication, true);
    assert.equal(chip.terminalAuthentication, true);
    assert.match(chip.documentNumberHash, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      chip.fingers.map((f) => f.finger),
      ['right-index', 'left-index'],
    );
    assert.ok(Buffer.from(chip.fingers[0]!.chipPng, 'base64').subarray(1, 4).toString() === 'PNG');
    const steps = [...new Set(progress.map((p) => p.step))];
    assert.deepEqual(steps, ['pace', 'read', 'ca-ta', 'dg3', 'pa', 'done']);
  });

  it('matches the holder’s live fingers and not an impostor’s', async () => {
    for (const finger of ['right-index', 'left-index'] as const) {
      const live = await handlers.certificationCaptureFinger({ finger, minQuality: 40 });
      assert.ok(live.quality >= 40, `quality ${live.quality}`);
      assert.ok(
        live.score !== null && live.score >= FINGERPRINT_MATCH_THRESHOLD,
        `${finger} genuine ${live.score}`,
      );
    }
    await handlers.certificationSimulate({ scenario: 'impostor' });
    for (const finger of ['right-index', 'left-index'] as const) {
      const live = await handlers.certificationCaptureFinger({ finger, minQuality: 40 });
      assert.ok(
        live.score !== null && live.score < FINGERPRINT_MATCH_THRESHOLD,
        `${finger} impostor ${live.score}`,
      );
    }
    await handlers.certificationSimulate({ scenario: 'genuine-holder' });
  });

  it('refuses a capture of a finger the chip does not hold', async () => {
    await assert.rejects(
      async () => handlers.certificationCaptureFinger({ finger: 'left-thumb', minQuality: 40 }),
      {
        code: 'CONFLICT',
      },
    );
  });

  it('resumes a read after the card was taken off the reader', async () => {
    await handlers.certificationSimulate({ scenario: 'remove-card-during-read' });
    await assert.rejects(
      async () => handlers.certificationReadChip({ can: SIMULATED_CAN }),
      (e: StationError) => {
        assert.equal(e.details?.reason, 'card-removed');
        assert.match(e.message, /retirée/);
        return true;
      },
    );
    const chip = await handlers.certificationReadChip({ can: SIMULATED_CAN });
    assert.equal(chip.genuine, true);
    assert.equal(chip.fingers.length, 2);
  });

  it('finds a forged card not genuine', async () => {
    await handlers.certificationSimulate({ scenario: 'forged-card' });
    const chip = await handlers.certificationReadChip({ can: SIMULATED_CAN });
    assert.equal(chip.genuine, false);
    assert.equal(chip.passiveAuthentication.ok, false);
    await handlers.certificationSimulate({ scenario: 'genuine-holder' });
  });

  it('refuses the simulation on real hardware', () => {
    const real = certificationHostHandlers({ registry, simulated: false, emit: () => undefined });
    assert.throws(() => real.certificationSimulate({ scenario: 'impostor' }), { code: 'FORBIDDEN' });
  });
});
