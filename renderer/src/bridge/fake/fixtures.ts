/**
 * Sample station answers for renderer tests, valid against the contract: the station's identity,
 * its devices and hosts, sessions per role, application drafts, certification views and the queue.
 * Each builder takes overrides, so a test states only what its case changes.
 * Test support only (see station.ts).
 */
import type {
  ApplicationDraft,
  ApplicationReceipt,
  CertFingerView,
  CertificationView,
  DeviceKind,
  DeviceStatus,
  EnrollmentView,
  HostStatus,
  PortraitAnalysis,
  QueueStatus,
  SessionRole,
  SessionView,
  SignedConfigurationView,
  StationInfo,
  SyncState,
} from '../../../../main/contract';
import type { FakeStation } from './station';

const at = '2026-12-07T09:30:00.000Z';

/** A one-pixel PNG (base64): image content is never what a component test reads. */
export const tinyPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const stationInfo: StationInfo = {
  stationId: 'DR-75056-0001',
  townHall: { name: 'Mairie de Paris', inseeCode: '75056' },
  version: '0.1.0',
  mode: 'browser',
  simulatedDevices: true,
};

export const enrolled: EnrollmentView = { enrolled: true, expiresAt: '2027-12-01T00:00:00.000Z' };

export const online: SyncState = { state: 'idle', online: true, queued: 0 };

const deviceModels: Record<DeviceKind, Pick<DeviceStatus, 'id' | 'vendor' | 'model' | 'transport'>> = {
  signature: { id: 'wacom-stu-540', vendor: 'Wacom', model: 'STU-540', transport: 'hid' },
  fingerprint: { id: 'zfm-r307', vendor: 'ZhianTec', model: 'ZFM R307', transport: 'serial' },
  'card-reader': { id: 'pcsc-reader', vendor: 'Identiv', model: 'uTrust 3700 F', transport: 'pcsc' },
  camera: { id: 'uvc-camera', vendor: 'Logitech', model: 'C920', transport: 'media' },
  'barcode-reader': { id: 'hid-pos-scanner', vendor: 'Honeywell', model: 'Xenon 1950g', transport: 'hid' },
  'flatbed-scanner': { id: 'escl-flatbed', vendor: 'Canon', model: 'CanoScan LiDE 400', transport: 'escl' },
};

export function device(kind: DeviceKind, overrides: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    ...deviceModels[kind],
    kind,
    connection: 'connected',
    simulated: true,
    changedAt: at,
    ...overrides,
  };
}

/** The simulated bench: one device of each kind, all connected. */
export function bench(): DeviceStatus[] {
  return (['signature', 'fingerprint', 'card-reader', 'camera'] as const).map((kind) => device(kind));
}

export function host(name: HostStatus['host'], overrides: Partial<HostStatus> = {}): HostStatus {
  return { host: name, state: 'running', pid: name === 'device' ? 4101 : 4102, restarts: 0, ...overrides };
}

export function session(
  state: SessionView['state'],
  overrides: Partial<SessionView> & { role?: SessionRole } = {},
): SessionView {
  const signedIn = state === 'open' || state === 'idle-warning' || state === 'locked';
  return {
    state,
    idleLockMinutes: 10,
    simulated: true,
    ...(signedIn ? { agentId: 'AG-0A1B2C', role: 'agent' as const } : {}),
    ...(state === 'awaiting-pin' ? { triesLeft: 3, role: 'agent' as const } : {}),
    ...overrides,
  };
}

export function draft(overrides: Partial<ApplicationDraft> = {}): ApplicationDraft {
  return {
    id: '0193a7c2-5b1e-7c3d-8e4f-5a6b7c8d9e0f',
    titleType: 'id-card',
    applicant: { surname: 'Martin', givenNames: 'Claire', birthDate: '1990-04-12', sex: 'F' },
    startedAt: at,
    expiresAt: '2026-12-07T10:30:00.000Z',
    portrait: null,
    fingerprints: {
      required: true,
      slots: [
        { finger: 'right-index', status: 'pending', attempts: 0 },
        { finger: 'left-index', status: 'pending', attempts: 0 },
      ],
    },
    signature: null,
    missing: ['photo', 'empreintes', 'signature'],
    ...overrides,
  };
}

export function certFinger(overrides: Partial<CertFingerView> = {}): CertFingerView {
  return {
    finger: 'right-index',
    status: 'pending',
    attempts: 0,
    maxAttempts: 3,
    chipPng: tinyPng,
    ...overrides,
  };
}

export function certification(
  stage: CertificationView['stage'],
  overrides: Partial<CertificationView> = {},
): CertificationView {
  const read = stage !== 'can';
  return {
    id: 'cert-1',
    requestReference: 'FI-7Q2M9X4K1D8P3W6Z5B',
    stage,
    startedAt: at,
    chip: read
      ? { genuine: true, checks: [{ ok: true, message: 'Signature de l’État émetteur vérifiée' }] }
      : null,
    fingers: read ? [certFinger(), certFinger({ finger: 'left-index' })] : [],
    decision: null,
    failure: null,
    ...overrides,
  };
}

export function queue(overrides: Partial<QueueStatus> = {}): QueueStatus {
  return {
    enrolled: true,
    counts: { queued: 0, uploading: 0, acknowledged: 0, parked: 0 },
    items: [],
    ...overrides,
  };
}

/** The signed configuration version 3 in force, synced an hour ago. */
export const configuration: SignedConfigurationView = {
  version: 3,
  source: 'central',
  issuedAt: '2026-12-01T09:00:00.000Z',
  appliedAt: '2026-12-01T09:05:00.000Z',
  previousVersion: 2,
  freezeDays: 7,
  lastSyncAt: '2026-12-08T08:00:00.000Z',
  lastSyncKind: 'sync',
  frozen: false,
};

/**
 * Scripts what every screen reads of a healthy simulated station: identity, enrollment, network,
 * devices, hosts, and a session open for `role` (or the given session view).
 */
export function healthyStation(fake: FakeStation, sessionView: SessionView = session('open')): FakeStation {
  return fake
    .answer('station.info', stationInfo)
    .answer('station.enrollment', enrolled)
    .answer('station.configuration', configuration)
    .answer('sync.status', online)
    .answer('devices.list', bench())
    .answer('station.health', { hosts: [host('device'), host('sync')], milestones: ['core-ready'] })
    .answer('hosts.list', [host('device'), host('sync')])
    .answer('session.status', sessionView)
    .answer('session.activity', sessionView);
}

export function receipt(overrides: Partial<ApplicationReceipt> = {}): ApplicationReceipt {
  return {
    dossierId: '0193a7c2-5b1e-7c3d-8e4f-5a6b7c8d9e0f',
    dossierNumber: '7C3D-8E4F-5A6B',
    submittedAt: at,
    townHall: stationInfo.townHall,
    titleType: 'id-card',
    ...overrides,
  };
}

/** A draft with every capture done, ready to be submitted. */
export function completeDraft(overrides: Partial<ApplicationDraft> = {}): ApplicationDraft {
  return draft({
    portrait: { compliant: true, failedCriteria: [], captured: true },
    fingerprints: {
      required: true,
      slots: [
        { finger: 'right-index', status: 'captured', attempts: 1, bestQuality: 71 },
        { finger: 'left-index', status: 'unusable', attempts: 0, reason: 'bandaged' },
      ],
    },
    signature: { points: 412, strokes: 3 },
    missing: [],
    ...overrides,
  });
}

/** A portrait check: every criterion met, or the named criteria failed (with the guidance to give). */
export function portraitAnalysis(failed: string[] = [], guidance = 'Ne bougez plus.'): PortraitAnalysis {
  const ids = ['face_count', 'inter_eye_distance', 'roll', 'sharpness', 'exposure', ...failed];
  return {
    compliant: failed.length === 0,
    criteria: [...new Set(ids)].map((id) => ({
      id,
      value: 1,
      threshold: { min: 0.5 },
      status: failed.includes(id) ? ('nok' as const) : ('ok' as const),
    })),
    face: {
      box: { x: 200, y: 120, width: 240, height: 300 },
      eyes: { right: { x: 270, y: 230 }, left: { x: 370, y: 230 } },
      ied: 100,
      rollDeg: 0,
    },
    guidance: { code: failed.length === 0 ? 'ready' : 'adjust', message: guidance },
    ms: 12,
  };
}
