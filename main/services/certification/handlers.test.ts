import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { StationError } from '../../../common/errors';
import { CertificationResult, partProblems } from '../../../sync/dossier/parts';
import { ConfigSchema } from '../config';
import type { SessionGate } from '../workflows/deps';
import { fakeWorkflowDeps } from '../workflows/test-deps';
import { certificationHandlers } from './handlers';
import { generateRequestReference } from './reference';

type Reply =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; details?: object } };

function setup(
  options: {
    scores?: (number | null)[];
    chip?: Partial<Record<string, unknown>>;
    readError?: Reply;
    session?: boolean;
    enrolled?: boolean;
    config?: object;
  } = {},
) {
  const scores = [...(options.scores ?? [0.5])];
  const calls: string[] = [];
  const submitted: {
    kind: string;
    agentId: string;
    parts: { name: string; mediaType: string; base64: string }[];
  }[] = [];
  const device = Object.assign(new EventEmitter(), {
    call: async (method: string, params: Record<string, unknown>): Promise<Reply> => {
      calls.push(method);
      switch (method) {
        case 'certificationReadChip':
          if (options.readError) return options.readError;
          return {
            ok: true,
            value: {
              documentNumberHash: 'a'.repeat(64),
              passiveAuthentication: { ok: true, checks: ['signature'] },
              chipAuthentication: true,
              terminalAuthentication: true,
              checks: [{ ok: true, message: 'Accès PACE établi' }],
              genuine: true,
              fingers: [
                { finger: 'right-index', chipPng: 'chip-ri' },
                { finger: 'left-index', chipPng: 'chip-li' },
              ],
              ...options.chip,
            },
          };
        case 'certificationCaptureFinger': {
          const score = scores.length > 1 ? scores.shift()! : scores[0]!;
          return {
            ok: true,
            value: {
              finger: params.finger,
              quality: score === null ? 12 : 80,
              feedback: 'Appuyez plus fort.',
              score,
              livePng: `live-${String(params.finger)}`,
            },
          };
        }
        case 'certificationSimulation':
          return { ok: true, value: { can: '123456' } };
        default:
          return { ok: true, value: { reset: true } };
      }
    },
  });
  const sync = {
    call: async (_method: string, params: (typeof submitted)[number]) => {
      submitted.push(params);
      return {
        ok: true,
        value: { dossierId: '019a0000-0000-7000-8000-0123456789ab', enqueuedAt: new Date().toISOString() },
      };
    },
  };
  const gate: SessionGate = {
    require: (action) => {
      assert.equal(action, 'identity.certify');
      if (options.session === false) throw new StationError('SESSION_REQUIRED', 'Ouvrez une session.');
      return { agentId: 'AG-01AB', role: 'agent-certificateur' };
    },
    touch: () => undefined,
  };
  const config = ConfigSchema.parse({
    station: { id: 'DR-1', townHall: { name: 'Mairie de Test', inseeCode: '75056' } },
    dataDir: '/tmp/unused',
    ...options.config,
  });
  const published: unknown[] = [];
  const { deps, audits } = fakeWorkflowDeps({
    config,
    device,
    sync,
    gate,
    bus: { publish: (_e: string, p: unknown) => published.push(p) },
    ...(options.enrolled === undefined ? {} : { enrolled: options.enrolled }),
  });
  return { handlers: certificationHandlers(deps), audits, submitted, calls, device, published };
}

const decodePart = (part: { base64: string }) =>
  JSON.parse(Buffer.from(part.base64, 'base64').toString('utf8'));

describe('certification workflow', () => {
  it('certifies a matching holder and queues a result dossier without images', async () => {
    const { handlers, submitted, audits } = setup({ scores: [0.6] });
    const reference = generateRequestReference();
    const started = await handlers['certification.start']({ requestReference: reference.toLowerCase() });
    assert.equal(started.stage, 'can');
    assert.equal(started.requestReference, reference);
    const read = await handlers['certification.readChip']({ can: '123456' });
    assert.equal(read.stage, 'capture');
    assert.deepEqual(
      read.fingers.map((f) => f.finger),
      ['right-index', 'left-index'],
    );
    await handlers['certification.captureFinger']({ finger: 'right-index' });
    const result = await handlers['certification.captureFinger']({ finger: 'left-index' });
    assert.equal(result.stage, 'result');
    assert.equal(result.decision?.outcome, 'certified');
    assert.ok(!JSON.stringify(result).includes('0.6'), 'no score reaches the renderer');
    const done = await handlers['certification.submit']({});
    assert.equal(done.stage, 'submitted');
    assert.equal(done.dossierId, '019a0000-0000-7000-8000-0123456789ab');
    assert.equal(submitted.length, 1);
    assert.equal(submitted[0]?.kind, 'certification');
    assert.deepEqual(
      submitted[0]?.parts.map((p) => p.name),
      ['certification'],
    );
    const part = submitted[0]!.parts[0]!;
    assert.deepEqual(partProblems(part.name, part.mediaType, Buffer.from(part.base64, 'base64')), []);
    const json = CertificationResult.parse(decodePart(part));
    assert.equal(json.requestReference, reference);
    assert.equal(json.decision, 'certified');
    assert.deepEqual(
      json.fingers.map((f) => [f.finger, f.score, f.decision]),
      [
        ['right-index', 0.6, 'match'],
        ['left-index', 0.6, 'match'],
      ],
    );
    assert.equal(json.agentId, 'AG-01AB');
    assert.deepEqual(
      audits.map((a) => [a.action, a.outcome]),
      [
        ['certification.start', 'success'],
        ['certification.decision', 'success'],
        ['dossier.submit', 'success'],
      ],
    );
  });

  it('refuses after the allowed attempts when the fingers do not match', async () => {
    const { handlers, submitted, calls } = setup({ scores: [0.001] });
    await handlers['certification.start']({ requestReference: generateRequestReference() });
    await handlers['certification.readChip']({ can: '123456' });
    let last = await handlers['certification.captureFinger']({ finger: 'right-index' });
    assert.equal(last.fingers[0]?.lastOutcome, 'no-match');
    assert.match(last.fingers[0]?.message ?? '', /il reste 2 essais/);
    await handlers['certification.captureFinger']({ finger: 'right-index' });
    last = await handlers['certification.captureFinger']({ finger: 'right-index' });
    assert.equal(last.fingers[0]?.status, 'not-matched');
    await assert.rejects(async () => handlers['certification.captureFinger']({ finger: 'right-index' }), {
      code: 'CONFLICT',
    });
    for (let i = 0; i < 3; i++)
      last = await handlers['certification.captureFinger']({ finger: 'left-index' });
    assert.equal(last.stage, 'result');
    assert.equal(last.decision?.outcome, 'refused');
    assert.match(last.decision?.summary ?? '', /refusée/);
    assert.equal(calls.filter((c) => c === 'certificationCaptureFinger').length, 6);
    await handlers['certification.submit']({});
    assert.equal(CertificationResult.parse(decodePart(submitted[0]!.parts[0]!)).decision, 'refused');
  });

  it('keeps the quality gate in the attempts and explains it', async () => {
    const { handlers } = setup({ scores: [null, 0.5] });
    await handlers['certification.start']({ requestReference: generateRequestReference() });
    await handlers['certification.readChip']({ can: '123456' });
    const low = await handlers['certification.captureFinger']({ finger: 'right-index' });
    assert.equal(low.fingers[0]?.lastOutcome, 'quality-too-low');
    assert.match(low.fingers[0]?.message ?? '', /qualité 12\/100\). Appuyez plus fort\. Recommencez/);
    const ok = await handlers['certification.captureFinger']({ finger: 'right-index' });
    assert.equal(ok.fingers[0]?.status, 'matched');
    assert.equal(ok.fingers[0]?.attempts, 2);
  });

  it('carries the live images only when the configuration says so', async () => {
    const { handlers, submitted } = setup({
      scores: [0.5],
      config: { certification: { includeImages: true } },
    });
    await handlers['certification.start']({ requestReference: generateRequestReference() });
    await handlers['certification.readChip']({ can: '123456' });
    await handlers['certification.captureFinger']({ finger: 'right-index' });
    await handlers['certification.captureFinger']({ finger: 'left-index' });
    await handlers['certification.submit']({});
    assert.deepEqual(
      submitted[0]?.parts.map((p) => [p.name, p.mediaType]),
      [
        ['certification', 'application/json'],
        ['fingerprint.right-index', 'image/png'],
        ['fingerprint.left-index', 'image/png'],
      ],
    );
  });

  it('rejects a damaged reference and a foreign QR code in French', async () => {
    const { handlers } = setup();
    const reference = generateRequestReference();
    const damaged = reference.slice(0, 5) + (reference[5] === 'A' ? 'B' : 'A') + reference.slice(6);
    await assert.rejects(
      async () => handlers['certification.start']({ requestReference: damaged }),
      (e: StationError) => {
        assert.equal(e.code, 'INVALID_REQUEST');
        assert.match(e.message, /clé de contrôle/);
        return true;
      },
    );
    await assert.rejects(
      async () => handlers['certification.start']({ requestReference: 'bonjour' }),
      /France Identité/,
    );
  });

  it('passes a wrong CAN through with its tries left and stays on the CAN step', async () => {
    const { handlers } = setup({
      readError: {
        ok: false,
        error: {
          code: 'OPERATOR_RETRY',
          message: 'Le CAN saisi ne correspond pas (il reste 2 essais).',
          details: { reason: 'wrong-can', triesLeft: 2 },
        },
      },
    });
    await handlers['certification.start']({ requestReference: generateRequestReference() });
    await assert.rejects(
      async () => handlers['certification.readChip']({ can: '000000' }),
      (e: StationError) => {
        assert.equal(e.code, 'OPERATOR_RETRY');
        assert.deepEqual(e.details, { reason: 'wrong-can', triesLeft: 2 });
        return true;
      },
    );
    assert.equal((await handlers['certification.current']({}))?.stage, 'can');
  });

  it('ends on a card that is not genuine, without any dossier', async () => {
    const { handlers, submitted, audits } = setup({ chip: { genuine: false } });
    await handlers['certification.start']({ requestReference: generateRequestReference() });
    const failed = await handlers['certification.readChip']({ can: '123456' });
    assert.equal(failed.stage, 'failed');
    assert.equal(failed.failure?.reason, 'not-genuine');
    assert.match(failed.failure?.message ?? '', /contrefaite/);
    await assert.rejects(async () => handlers['certification.submit']({}), { code: 'CONFLICT' });
    assert.equal(submitted.length, 0);
    assert.ok(
      audits.some((a) => a.action === 'certification.decision' && a.details?.reason === 'not-genuine'),
    );
  });

  it('asks the session gate first and forwards the chip progress', async () => {
    const { handlers, calls, device, published } = setup({ session: false });
    await assert.rejects(
      async () => handlers['certification.start']({ requestReference: generateRequestReference() }),
      { code: 'SESSION_REQUIRED' },
    );
    await assert.rejects(async () => handlers['certification.readChip']({ can: '123456' }), {
      code: 'SESSION_REQUIRED',
    });
    assert.deepEqual(calls, []);
    device.emit('event', 'certification.progress', { step: 'pace', label: 'Accès', fraction: 0.1 });
    assert.deepEqual(published, [{ step: 'pace', label: 'Accès', fraction: 0.1 }]);
  });

  it('offers the simulation only on a simulated bench', async () => {
    const sim = setup();
    const demo = await sim.handlers['certification.simulation']({});
    assert.equal(demo.can, '123456');
    assert.match(demo.requestReference, /^FI-/);
    const real = setup({ config: { devices: { mode: 'hardware' } } });
    await assert.rejects(async () => real.handlers['certification.simulation']({}), { code: 'FORBIDDEN' });
  });
});
