/**
 * Shared value types of the contract: station identity, devices, hosts, sync state, progress.
 * These zod schemas are the single source of truth for what crosses IPC, WebSocket and host RPC.
 */
import { z } from 'zod';

export const DeviceKind = z.enum(['fingerprint', 'camera', 'signature', 'card-reader']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const DeviceTransport = z.enum(['hid', 'serial', 'usb', 'pcsc', 'sbi', 'media']);
export type DeviceTransport = z.infer<typeof DeviceTransport>;

export const DeviceConnection = z.enum(['connected', 'disconnected', 'error']);
export type DeviceConnection = z.infer<typeof DeviceConnection>;

export const DeviceStatus = z.object({
  id: z.string().min(1),
  kind: DeviceKind,
  vendor: z.string(),
  model: z.string(),
  transport: DeviceTransport,
  connection: DeviceConnection,
  simulated: z.boolean(),
  /** Protocol-level detail for technicians (firmware, status word...). Never personal data. */
  detail: z.string().optional(),
  changedAt: z.string(),
  serialNumber: z.string().optional(),
  firmware: z.string().optional(),
  /** Bus path or address (hidraw path, serial port, reader name, SBI URL). */
  transportPath: z.string().optional(),
  lastError: z
    .object({ code: z.string(), message: z.string(), protocolStatus: z.string().optional(), at: z.string() })
    .optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const HostName = z.enum(['device', 'sync']);
export type HostName = z.infer<typeof HostName>;

export const HostRunState = z.enum(['starting', 'running', 'restarting', 'failed', 'stopped']);
export type HostRunState = z.infer<typeof HostRunState>;

export const HostStatus = z.object({
  host: HostName,
  state: HostRunState,
  pid: z.number().int().optional(),
  restarts: z.number().int().min(0),
  lastExit: z
    .object({ code: z.number().int().nullable(), signal: z.string().nullable(), at: z.string() })
    .optional(),
});
export type HostStatus = z.infer<typeof HostStatus>;

export const SyncRunState = z.enum(['idle', 'uploading', 'backoff', 'blocked', 'offline']);
export const SyncState = z.object({
  state: SyncRunState,
  online: z.boolean(),
  queued: z.number().int().min(0),
  /** Plain-French explanation shown to the agent when not idle. */
  detail: z.string().optional(),
});
export type SyncState = z.infer<typeof SyncState>;

export const StationMode = z.enum(['electron', 'browser']);
export type StationMode = z.infer<typeof StationMode>;

export const StationInfo = z.object({
  stationId: z.string(),
  townHall: z.object({ name: z.string(), inseeCode: z.string() }),
  version: z.string(),
  mode: StationMode,
  simulatedDevices: z.boolean(),
});
export type StationInfo = z.infer<typeof StationInfo>;

export const Milestone = z.enum(['core-ready', 'hosts-ready', 'devices-ready', 'ui-ready', 'shutdown']);
export type Milestone = z.infer<typeof Milestone>;

export const Progress = z.object({
  operation: z.string(),
  done: z.number().min(0),
  total: z.number().min(0),
  label: z.string(),
});
export type Progress = z.infer<typeof Progress>;

export const SelfTestReport = z.object({
  deviceId: z.string(),
  passed: z.boolean(),
  checks: z.array(z.object({ name: z.string(), passed: z.boolean(), detail: z.string().optional() })),
  at: z.string(),
});
export type SelfTestReport = z.infer<typeof SelfTestReport>;

export const TestCaptureReport = z.object({
  deviceId: z.string(),
  summary: z.string(),
  /** SVG rendering of signature strokes. */
  svg: z.string().optional(),
  /** PNG rendering of a captured image, base64. */
  pngBase64: z.string().optional(),
});
export type TestCaptureReport = z.infer<typeof TestCaptureReport>;

export const TraceEntry = z.object({
  at: z.string(),
  direction: z.enum(['in', 'out']),
  hex: z.string(),
  length: z.number().int(),
  note: z.string().optional(),
});
export const DeviceTrace = z.object({
  deviceId: z.string(),
  enabled: z.boolean(),
  entries: z.array(TraceEntry),
});
export type DeviceTrace = z.infer<typeof DeviceTrace>;

export const QueueItem = z.object({
  id: z.string(),
  kind: z.enum(['application', 'certification']),
  state: z.enum(['queued', 'uploading', 'acknowledged', 'purged', 'parked']),
  attempts: z.number().int(),
  /** Plain-French last error (no personal data). */
  lastError: z.string().optional(),
  parkCause: z.string().optional(),
  enqueuedAt: z.string(),
  sizeBytes: z.number().int(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueStatus = z.object({
  enrolled: z.boolean(),
  counts: z.object({
    queued: z.number().int(),
    uploading: z.number().int(),
    acknowledged: z.number().int(),
    parked: z.number().int(),
  }),
  items: z.array(QueueItem),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

const Point = z.object({ x: z.number(), y: z.number() });

export const PortraitAnalysisRequest = z
  .object({
    /** The frame as JPEG, base64. */
    jpegBase64: z.string().min(4).max(12_000_000),
    /** live: a downscaled preview frame; final: the captured still at full resolution. */
    mode: z.enum(['live', 'final']),
    /** The 3:4 region of the frame that becomes the portrait (frame pixels). */
    frame: z
      .object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() })
      .optional(),
    /** Full-resolution pixels per analysed pixel (live previews). */
    pixelScale: z.number().positive().max(20).optional(),
  })
  .strict();

export const PortraitAnalysis = z.object({
  compliant: z.boolean(),
  criteria: z.array(
    z.object({
      id: z.string(),
      value: z.number().nullable(),
      threshold: z.object({ min: z.number().optional(), max: z.number().optional() }),
      status: z.enum(['ok', 'nok', 'not_assessed']),
    }),
  ),
  face: z
    .object({
      box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
      eyes: z.object({ right: Point, left: Point }),
      ied: z.number(),
      rollDeg: z.number(),
    })
    .nullable(),
  /** One French instruction for the applicant (or "ready"). */
  guidance: z.object({ code: z.string(), message: z.string() }),
  ms: z.number(),
});
export type PortraitAnalysis = z.infer<typeof PortraitAnalysis>;

/** Enrollment with the central system: without it the station captures nothing (and says why). */
export const EnrollmentView = z.object({
  enrolled: z.boolean(),
  /** When not enrolled: why, in French, with what to do. */
  reason: z.string().optional(),
  expiresAt: z.string().optional(),
  renewDueAt: z.string().optional(),
  /** Certificate renewal due soon (French). */
  warning: z.string().optional(),
});
export type EnrollmentView = z.infer<typeof EnrollmentView>;
