/**
 * Test fixture shared by the workflow tests: a `WorkflowDeps` over fake hosts, a session gate that
 * can be closed, an enrollment check that can refuse, and the audit records appended.
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
  } satisfies WorkflowDeps;
  return { deps, audits };
}
