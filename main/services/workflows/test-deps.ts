/**
 * Test fixture shared by the workflow tests: a `WorkflowDeps` over fake hosts, a session gate that
 * can be closed, an enrollment check that can refuse, the audit records appended, and a device host
 * whose captures go well (portrait, fingers with the given qualities, signature).
 */
import { StationError } from '../../../common/errors';
import type { AuditEvent } from '../audit';
import type { StationConfig } from '../config';
import type { SessionGate, WorkflowDeps } from './deps';

export interface FakeWorkflowDepsOptions {
  config: StationConfig;
  device: unknown;
  sync: unknown;
  gate: SessionGate;
  enrolled?: boolean;
  /** Past the freeze limit: new applications refused with STATION_FROZEN. */
  frozen?: boolean;
  bus?: { publish(event: string, payload: unknown): void };
}

export function fakeWorkflowDeps(options: FakeWorkflowDepsOptions): {
  deps: WorkflowDeps;
  audits: AuditEvent[];
} {
  const audits: AuditEvent[] = [];
  const noop = () => undefined;
  const deps = {
    config: options.config,
    logger: { info: noop, error: noop, warn: noop } as unknown as WorkflowDeps['logger'],
    bus: (options.bus ?? {}) as unknown as WorkflowDeps['bus'],
    audit: { append: async (e: AuditEvent) => audits.push(e) } as unknown as WorkflowDeps['audit'],
    info: {
      stationId: 'DR-1',
      townHall: { name: 'Mairie de Test', inseeCode: '75056' },
      version: '1',
      mode: 'browser',
      simulatedDevices: true,
    },
    device: options.device as WorkflowDeps['device'],
    sync: options.sync as WorkflowDeps['sync'],
    session: options.gate,
    requireEnrolled: async () => {
      if (options.enrolled === false) throw new StationError('NOT_ENROLLED', 'Poste non enrôlé.');
    },
    admitApplication: () => {
      if (options.frozen) throw new StationError('STATION_FROZEN', 'Poste sans synchronisation.');
    },
  } satisfies WorkflowDeps;
  return { deps, audits };
}

/**
 * The device host of an application capture: a portrait (compliant unless told), fingers whose
 * quality is each of `qualities` in turn (the last one repeats), a signature.
 */
export function fakeCaptureDevice(options: { qualities?: number[]; compliant?: boolean } = {}) {
  const qualities = [...(options.qualities ?? [80])];
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  return {
    call: (method: string, params: Record<string, unknown>) => {
      switch (method) {
        case 'portraitAnalyze':
          return ok({
            compliant: options.compliant ?? true,
            criteria: [
              {
                id: 'sharpness',
                value: 1,
                threshold: {},
                status: options.compliant === false ? 'nok' : 'ok',
              },
            ],
            face: null,
            guidance: { code: 'ready', message: 'ok' },
            ms: 1,
          });
        case 'fingerCapture':
          return ok({
            finger: params.finger,
            width: 10,
            height: 10,
            ppi: 500,
            quality: qualities.length > 1 ? qualities.shift() : qualities[0],
            feedback: 'Appuyez un peu plus fort.',
            pngBase64: Buffer.from(`png-${String(params.finger)}`).toString('base64'),
            qualityMs: 12,
          });
        case 'signatureFinish':
          return ok({
            width: 600,
            height: 300,
            strokes: [{ points: [{ x: 1, y: 2, t: 0, p: 0.5 }] }],
            svg: '<svg/>',
            pngBase64: Buffer.from('sig').toString('base64'),
          });
        default:
          return ok({ width: 600, height: 300, cleared: true, cancelled: true });
      }
    },
  };
}
