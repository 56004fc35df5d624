/**
 * Devices as every layer names them: kinds, transports, connection status, self-test and test-capture
 * reports, protocol traces. Drivers produce these; the station core and the UI show them.
 */
import { z } from 'zod';

export const DeviceKind = z.enum([
  'fingerprint',
  'camera',
  'signature',
  'card-reader',
  'barcode-reader',
  'flatbed-scanner',
]);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const DeviceTransport = z.enum(['hid', 'serial', 'usb', 'pcsc', 'sbi', 'media', 'escl']);
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
