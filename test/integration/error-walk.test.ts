/**
 * Every contract error code, walked from where a lower layer raises it to the text the renderer
 * shows: the real raise point (a full disk's free-space check, a busy port, an undecodable JPEG, a
 * ZFM confirmation code, a model file that is not there...), the host's error translation, the host
 * RPC frames (structured-cloned, as child_process IPC does), the handler registry and its incident
 * log, then the renderer's `errorText`. Each case checks the envelope's code, that the agent's text
 * is the French sentence with its reference and nothing technical, and that the technical detail
 * went to the incident list (the diagnostics screen). One case per code; a code without a case fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { type ErrorCode, errorCodes, type Result, unwrap } from '../../common/errors';
import {
  type HostCallLimits,
  HostClient,
  type HostFrame,
  type HostProtocol,
  type MessagePortLike,
  serveHost,
} from '../../common/rpc/host-rpc';
import { delay, Operation } from '../../drivers/core/operation';
import { confirmationError } from '../../drivers/devices/zfm/protocol/confirmation';
import { translateDeviceHostError } from '../../drivers/host/errors';
import { deviceHostProtocol } from '../../drivers/host/protocol';
import { DeviceRegistry } from '../../drivers/registry/device-registry';
import { commandNames } from '../../main/contract/api';
import { hostCallLimits } from '../../main/hosts/call-limits';
import { type CommandGuard, type CommandHandlers, createDispatcher } from '../../main/ipc/registry';
import type { SessionAction } from '../../main/services/agent-session-permissions';
import { certificationHandlers } from '../../main/services/certification/handlers';
import { commandAccess } from '../../main/services/command-access';
import { ConfigSchema } from '../../main/services/config';
import { IncidentLog } from '../../main/services/incidents';
import { createLogger } from '../../main/services/logger';
import { createSessionServiceWith } from '../../main/services/session/service';
import { applicationGate } from '../../main/services/signed-configuration';
import { applicationHandlers } from '../../main/services/workflows/application';
import { enrollmentGate, type SessionGate } from '../../main/services/workflows/deps';
import { fakeCaptureDevice, fakeWorkflowDeps } from '../../main/services/workflows/test-deps';
import { loadPortrait } from '../../models/face';
import { readVerifiedModel } from '../../models/runtime';
import { errorText } from '../../renderer/src/ui/error-text';
import { recordSuccessfulSync } from '../../sync/configuration';
import { enrollmentStatus } from '../../sync/enroll/status';
import { startupFailure, translateSyncHostError } from '../../sync/host/errors';
import { syncHostProtocol } from '../../sync/host/protocol';
import { assertRoomFor } from '../../sync/store/disk-space';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }) });

/** Two ends of an in-memory message channel; frames are structured-cloned like child_process IPC. */
function channel(): [MessagePortLike, MessagePortLike] {
  const listeners: [Set<(f: unknown) => void>, Set<(f: unknown) => void>] = [new Set(), new Set()];
  const end = (mine: 0 | 1): MessagePortLike => ({
    send: (frame) => {
      const copy = structuredClone(frame);
      setImmediate(() => {
        for (const l of listeners[1 - mine]!) l(copy);
      });
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [end(0), end(1)];
}

/** A host serving `handlers` with its own error translation, and main's client of it. */
function hostPair<P extends HostProtocol>(
  protocol: P,
  handlers: Partial<Record<keyof P['methods'], (params: never) => unknown>>,
  translate: (error: unknown) => unknown,
  limits: Partial<HostCallLimits> = {},
): HostClient<P> {
  const [hostEnd, mainEnd] = channel();
  serveHost(protocol, hostEnd, handlers as never, translate);
  return new HostClient(
    protocol,
    mainEnd,
    (frame: HostFrame) => mainEnd.send(frame),
    { onEvent: () => undefined, onReady: () => undefined },
    limits,
  );
}

const config = (mode: 'simulated' | 'hardware' = 'simulated') =>
  ConfigSchema.parse({
    station: { id: 'DR-1', townHall: { name: 'Mairie de Test', inseeCode: '75056' } },
    dataDir: '/tmp/unused',
    devices: { mode },
  });

const applicant = { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' as const };

const agentGate: SessionGate = {
  require: () => ({ agentId: 'AG-01AB', role: 'agent-certificateur' }),
  touch: () => undefined,
};

const incidents = new IncidentLog(logger);
/** The registry over `overrides`, with the real command access table; by default every caller is authorised. */
function dispatcher(
  overrides: Partial<CommandHandlers>,
  authorize: CommandGuard<SessionAction>['authorize'] = () => ({ agentId: 'AG-01AB', role: 'technicien' }),
) {
  const unused = () => {
    throw new Error('not part of this walk');
  };
  const all = Object.fromEntries(commandNames.map((name) => [name, unused])) as unknown as CommandHandlers;
  return createDispatcher({ ...all, ...overrides }, { access: commandAccess, authorize }, logger, incidents);
}

interface Walked {
  result: Result<unknown>;
}

/** Words of a technical message that must never reach the agent's text. */
const TECHNICAL =
  /\b(Error|error|undefined|null|EADDRINUSE|ENOSPC|listen|stack|at \/|no answer|confirmation|SHA-256|model_|JSON|Unexpected|cannot|failed)\b/;

interface Case {
  /** What raises it, for the test's name. */
  from: string;
  walk(): Promise<Walked>;
  /** The French sentence the agent must read (what happened and what to do). */
  text: RegExp;
  /** Part of the technical detail the diagnostics screen must hold (when the raise point has one). */
  technical?: RegExp;
}

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A real EADDRINUSE: a second listen on a port already taken. */
async function addressInUse(): Promise<unknown> {
  const first = createServer();
  servers.push(first);
  await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
  const { port } = first.address() as { port: number };
  return new Promise((resolve) => {
    const second = createServer();
    second.once('error', resolve);
    second.listen(port, '127.0.0.1');
  });
}

/** A complete application submitted through the registry, over the sync host `submit` given. */
async function submitApplication(submit: () => unknown): Promise<Result<unknown>> {
  const sync = hostPair(
    syncHostProtocol,
    {
      draftSave: () => ({ saved: true }),
      draftLoad: () => null,
      draftDelete: () => ({ deleted: true }),
      submit,
    },
    translateSyncHostError,
  );
  const { deps } = fakeWorkflowDeps({ config: config(), device: fakeCaptureDevice(), sync, gate: agentGate });
  const dispatch = dispatcher(applicationHandlers(deps));
  const steps: [string, unknown][] = [
    ['application.start', { titleType: 'passport', applicant }],
    ['application.portrait', { jpegBase64: Buffer.from('jpeg').toString('base64') }],
    ['application.captureFinger', { finger: 'right-index' }],
    ['application.captureFinger', { finger: 'left-index' }],
    ['application.signatureStart', {}],
    ['application.signatureFinish', {}],
  ];
  for (const [command, request] of steps) {
    const step = await dispatch(command, request);
    assert.ok(step.ok, `${command}: ${step.ok ? '' : step.error.message}`);
  }
  return dispatch('application.submit', {});
}

const fakeDevice = { call: () => Promise.resolve({ ok: true as const, value: {} }) };
const fakeSync = { call: () => Promise.resolve({ ok: true as const, value: null }) };

const cases: Record<ErrorCode, Case> = {
  INVALID_REQUEST: {
    from: 'a request outside the contract (registry)',
    walk: async () => ({
      result: await dispatcher({})('devices.simulate', { deviceId: 'x', action: 'melt' }),
    }),
    text: /^Requête invalide : vérifiez la saisie et recommencez\./,
  },
  UNKNOWN_COMMAND: {
    from: 'a command the station does not know (registry)',
    walk: async () => ({ result: await dispatcher({})('devices.format', {}) }),
    text: /^Commande inconnue du poste : rechargez l’écran/,
  },
  NOT_FOUND: {
    from: 'an unknown device id (device registry in the device host)',
    walk: async () => {
      const registry = await DeviceRegistry.simulatedBench([]);
      const device = hostPair(
        deviceHostProtocol,
        { selfTest: ({ deviceId }: { deviceId: string }) => registry.selfTest(deviceId) },
        translateDeviceHostError,
      );
      const dispatch = dispatcher({
        'devices.selfTest': ({ deviceId }) => unwrap(device.call('selfTest', { deviceId })),
      });
      return { result: await dispatch('devices.selfTest', { deviceId: 'no-such-device' }) };
    },
    text: /^Périphérique inconnu de ce poste : actualisez la liste des périphériques\./,
    technical: /unknown device no-such-device/,
  },
  CONFLICT: {
    from: 'an incomplete application submitted (application workflow)',
    walk: async () => {
      const { deps } = fakeWorkflowDeps({
        config: config(),
        device: fakeDevice,
        sync: fakeSync,
        gate: agentGate,
      });
      const handlers = applicationHandlers(deps);
      const dispatch = dispatcher(handlers);
      const started = await dispatch('application.start', {
        titleType: 'passport',
        applicant: { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' },
      });
      assert.ok(started.ok);
      return { result: await dispatch('application.submit', {}) };
    },
    text: /^Le dossier est incomplet : Photo d’identité/,
  },
  HOST_UNAVAILABLE: {
    from: 'a host that dies with a call in flight (host RPC)',
    walk: async () => {
      const sync = hostPair(
        syncHostProtocol,
        { syncNow: () => new Promise(() => undefined) },
        translateSyncHostError,
      );
      const dispatch = dispatcher({ 'sync.now': () => unwrap(sync.call('syncNow', {})) });
      const pending = dispatch('sync.now', {});
      await new Promise((resolve) => setTimeout(resolve, 20));
      sync.failPending('exit code 1');
      return { result: await pending };
    },
    text: /^Le processus de synchronisation a redémarré pendant l’opération : réessayez\./,
    technical: /exit code 1/,
  },
  TIMEOUT: {
    from: 'a host that does not answer in time (host RPC)',
    walk: async () => {
      const sync = hostPair(
        syncHostProtocol,
        { queue: () => new Promise(() => undefined) },
        translateSyncHostError,
      );
      const dispatch = dispatcher({ 'queue.status': () => unwrap(sync.call('queue', {}, 30)) });
      return { result: await dispatch('queue.status', {}) };
    },
    text: /^Le processus de synchronisation ne répond pas à temps : réessayez ; si cela persiste, redémarrez-le depuis le diagnostic\./,
    technical: /no reply to queue in 30 ms/,
  },
  DEVICE_ERROR: {
    from: 'a ZFM confirmation code 0x01 (fingerprint module fault)',
    walk: async () => {
      const device = hostPair(
        deviceHostProtocol,
        {
          reset: () => {
            throw confirmationError(0x01, 'GenImg');
          },
        },
        translateDeviceHostError,
      );
      const dispatch = dispatcher({
        'devices.reset': ({ deviceId }) => unwrap(device.call('reset', { deviceId })),
      });
      return { result: await dispatch('devices.reset', { deviceId: 'zfm' }) };
    },
    text: /^Le périphérique a répondu de façon inattendue : réessayez ; si cela persiste, réinitialisez-le depuis le diagnostic\./,
    technical: /ZFM_PACKET_ERROR|GenImg/,
  },
  OPERATOR_RETRY: {
    from: 'a ZFM confirmation code 0x02 (no finger on the sensor)',
    walk: async () => {
      const device = hostPair(
        deviceHostProtocol,
        {
          testCapture: () => {
            throw confirmationError(0x02, 'GenImg');
          },
        },
        translateDeviceHostError,
      );
      const dispatch = dispatcher({
        'devices.testCapture': ({ deviceId }) => unwrap(device.call('testCapture', { deviceId })),
      });
      return { result: await dispatch('devices.testCapture', { deviceId: 'zfm' }) };
    },
    // An instruction: shown as it is, without a reference.
    text: /^Posez /,
  },
  FORBIDDEN: {
    from: 'a simulation asked on a station with real hardware (certification workflow)',
    walk: async () => {
      const { deps } = fakeWorkflowDeps({
        config: config('hardware'),
        device: { ...fakeDevice, on: () => undefined },
        sync: fakeSync,
        gate: agentGate,
      });
      const dispatch = dispatcher(certificationHandlers(deps));
      return { result: await dispatch('certification.simulate', { scenario: 'genuine-holder' }) };
    },
    text: /^La simulation est désactivée sur ce poste \(matériel réel\)\./,
  },
  NOT_ENROLLED: {
    from: 'a station certificate that cannot be read (enrollment status in the sync host)',
    walk: async () => {
      const sync = hostPair(
        syncHostProtocol,
        { enrollment: () => enrollmentStatus({ central: { tls: { cert: '/nonexistent/client.pem' } } }) },
        translateSyncHostError,
      );
      const { deps } = fakeWorkflowDeps({ config: config(), device: fakeDevice, sync, gate: agentGate });
      const dispatch = dispatcher(applicationHandlers({ ...deps, requireEnrolled: enrollmentGate(sync) }));
      return {
        result: await dispatch('application.start', {
          titleType: 'passport',
          applicant: { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' },
        }),
      };
    },
    text: /^Certificat du poste introuvable ou illisible .* Ré-enrôlez le poste\./,
  },
  STATION_FROZEN: {
    from: 'a new application on a station whose last successful sync is older than the freeze limit',
    walk: async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'recueil-walk-frozen-'));
      try {
        await recordSuccessfulSync(dataDir, new Date(Date.now() - 8 * 86_400_000));
        const station = { ...config(), dataDir };
        const { deps } = fakeWorkflowDeps({
          config: station,
          device: fakeDevice,
          sync: fakeSync,
          gate: agentGate,
        });
        const dispatch = dispatcher(
          applicationHandlers({ ...deps, admitApplication: applicationGate(station) }),
        );
        return { result: await dispatch('application.start', { titleType: 'passport', applicant }) };
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    text: /^Aucune synchronisation réussie avec le système central depuis le \d\d\/\d\d\/\d{4} \(limite : 7 jours\) : la saisie de nouvelles demandes est suspendue\./,
  },
  SESSION_REQUIRED: {
    from: 'a capture step without an agent session (the registry asks the real session gate)',
    walk: async () => {
      const session = createSessionServiceWith({
        config: config(),
        logger,
        bus: { publish: () => undefined },
        audit: { append: async () => undefined } as never,
        device: { call: fakeDevice.call, on: () => undefined } as never,
      });
      const { deps } = fakeWorkflowDeps({
        config: config(),
        device: fakeDevice,
        sync: fakeSync,
        gate: session.gate,
      });
      const dispatch = dispatcher(applicationHandlers(deps), (action) => session.gate.require(action));
      const result = await dispatch('application.start', {
        titleType: 'passport',
        applicant: { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' },
      });
      await session.close();
      return { result };
    },
    text: /^Aucune session ouverte : insérez votre carte agent et saisissez votre code PIN\./,
  },
  QUEUE_REFUSED: {
    from: 'the outbox free-space check in the sync host submit path (disk nearly full)',
    walk: async () => ({
      result: await submitApplication(async () => {
        await assertRoomFor('/tmp', 3 * 1024 ** 2, 512 * 1024 ** 2, async () => 100 * 1024 ** 2);
        throw new Error('the free-space check let a dossier through');
      }),
    }),
    text: /^Espace disque insuffisant : 100 Mo libres, il faut en garder au moins 512 Mo .* Libérez de l’espace ou contactez l’assistance\./,
    technical: /DiskSpaceError/,
  },
  SYNC_UNAVAILABLE: {
    from: 'the embedded central server’s port already in use at sync host start (EADDRINUSE)',
    walk: async () => {
      const problem = startupFailure(await addressInUse());
      return {
        result: await submitApplication(() => {
          throw problem;
        }),
      };
    },
    text: /^Synchronisation indisponible : le port du système central de démonstration est déjà utilisé .* la synchronisation reprend d’elle-même dès que le port est libre\./,
    technical: /EADDRINUSE/,
  },
  INVALID_IMAGE: {
    from: 'camera bytes that are not an image (portrait loader in the device host)',
    walk: async () => {
      const device = hostPair(
        deviceHostProtocol,
        { portraitAnalyze: () => loadPortrait(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2, 3])) },
        translateDeviceHostError,
      );
      const dispatch = dispatcher({
        'portrait.analyze': (request) => unwrap(device.call('portraitAnalyze', request)),
      });
      return {
        result: await dispatch('portrait.analyze', {
          jpegBase64: Buffer.from([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]).toString('base64'),
          mode: 'final',
        }),
      };
    },
    text: /^Image illisible : la photo reçue de la caméra n’a pas pu être décodée\. Reprenez la photo/,
    technical: /PortraitInputError/,
  },
  ANALYSIS_UNAVAILABLE: {
    from: 'a model file missing on disk (model runtime)',
    walk: async () => {
      const device = hostPair(
        deviceHostProtocol,
        {
          portraitAnalyze: () =>
            readVerifiedModel({
              id: 'blazeface',
              path: '/nonexistent/face.onnx',
              sha256: '0'.repeat(64),
            } as never),
        },
        translateDeviceHostError,
      );
      const dispatch = dispatcher({
        'portrait.analyze': (request) => unwrap(device.call('portraitAnalyze', request)),
      });
      return {
        result: await dispatch('portrait.analyze', {
          jpegBase64: Buffer.from('x').toString('base64'),
          mode: 'live',
        }),
      };
    },
    text: /^Analyse indisponible : un modèle d’analyse du poste est absent ou altéré\. Réinstallez le poste ou contactez l’assistance\./,
    technical: /model_missing|not found/,
  },
  BUSY: {
    from: 'a third distinct still while two portrait analyses run (the device host’s call limits)',
    walk: async () => {
      const held: (() => void)[] = [];
      const device = hostPair(
        deviceHostProtocol,
        { portraitAnalyze: () => new Promise((resolve) => held.push(() => resolve(null))) },
        translateDeviceHostError,
        hostCallLimits.device,
      );
      const dispatch = dispatcher({
        'portrait.analyze': (request) => unwrap(device.call('portraitAnalyze', request)),
      });
      const still = (n: number) => ({
        jpegBase64: Buffer.from(`still ${n}`).toString('base64'),
        mode: 'final',
      });
      const running = [dispatch('portrait.analyze', still(1)), dispatch('portrait.analyze', still(2))];
      const result = await dispatch('portrait.analyze', still(3));
      for (const release of held) release();
      await Promise.all(running);
      assert.equal(!result.ok && result.error.details?.retryAfterMs, 1000, 'a retry hint');
      return { result };
    },
    text: /^Le processus des périphériques est occupé par d’autres demandes : réessayez dans un instant\./,
    technical: /portraitAnalyze refused \(method-limit\)/,
  },
  INTERNAL: {
    from: 'an unexpected throw in the device host (a bug)',
    walk: async () => {
      const device = hostPair(
        deviceHostProtocol,
        { inventory: () => JSON.parse('{"devices": [') as never },
        translateDeviceHostError,
      );
      const dispatch = dispatcher({ 'devices.list': () => unwrap(device.call('inventory', {})) });
      return { result: await dispatch('devices.list', {}) };
    },
    text: /^Erreur interne du poste\. L’incident a été journalisé : contactez l’assistance avec la référence\./,
    technical: /SyntaxError/,
  },
};

describe('every error code, from its raise point to the agent’s text', () => {
  it('has one case per contract code', () => {
    assert.deepEqual(Object.keys(cases).sort(), [...errorCodes].sort());
  });

  for (const code of errorCodes) {
    const c = cases[code];
    it(`${code}: ${c.from}`, async () => {
      const { result } = await c.walk();
      assert.ok(!result.ok, 'the command fails');
      const error = result.error;
      assert.equal(error.code, code, `code (message: ${error.message})`);
      assert.match(error.incident ?? '', /^[0-9A-F]{8}$/, 'an incident id');
      assert.equal(error.details?.technical, undefined, 'no technical detail leaves the core');
      const text = errorText(error);
      assert.match(text, c.text);
      assert.doesNotMatch(text, TECHNICAL, `no technical word in « ${text} »`);
      if (code === 'OPERATOR_RETRY') assert.ok(!text.includes('Réf.'), 'an instruction has no reference');
      else assert.ok(text.endsWith(` Réf. E-${code.replaceAll('_', '-')}-${error.incident}`), text);
      const incident = incidents.list().find((i) => i.incident === error.incident);
      if (code !== 'OPERATOR_RETRY') {
        assert.ok(incident, 'listed for the diagnostics screen');
        assert.equal(incident.message, error.message);
        if (c.technical) assert.match(incident.technical ?? '', c.technical);
      }
    });
  }

  it('a device timeout is TIMEOUT with the device’s French sentence (operation deadline)', async () => {
    const device = hostPair(
      deviceHostProtocol,
      {
        reset: () => {
          // A driver operation whose device never answers: its deadline ends it.
          const operation = new Operation({
            name: 'reset',
            initial: 'sent',
            final: ['done'],
            transitions: { sent: ['done'], done: [] },
            timeoutMs: 10,
          });
          return delay(10_000, operation.signal);
        },
      },
      translateDeviceHostError,
    );
    const result = await dispatcher({
      'devices.reset': ({ deviceId }) => unwrap(device.call('reset', { deviceId })),
    })('devices.reset', { deviceId: 'zfm' });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'TIMEOUT');
    assert.match(
      errorText(result.error),
      /^Le périphérique ne répond pas : vérifiez son câble et réessayez\. Réf\. E-TIMEOUT-/,
    );
  });
});
