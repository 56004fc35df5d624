/**
 * Capability interfaces, one per device class. Real drivers, simulators and mocks obey the same
 * interface, checked by one conformance suite per capability (test/conformance).
 */
import type { DeviceKind, FingerPosition } from '../../common/domain';
import type { DeviceDescriptor } from './descriptor';
import type { DeviceError } from './errors';
import type { ProtocolTrace } from './trace';

export interface DeviceIdentity {
  model: string;
  serialNumber?: string;
  firmware?: string;
  /** Bus path or address (hidraw path, /dev/ttyUSB0, reader name, http://127.0.0.1:4501). */
  transportPath: string;
}

export interface SelfTestResult {
  passed: boolean;
  checks: { name: string; passed: boolean; detail?: string }[];
}

export interface OperationOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Progress for the UI (a French label and a fraction). */
  onProgress?: (label: string, fraction: number) => void;
  /**
   * Operator prompts raised while the operation goes on (e.g. "Posez le doigt sur le capteur"):
   * an 'operator' DeviceError that does not end the operation. Emitted when the prompt changes.
   */
  onPrompt?: (prompt: DeviceError) => void;
}

export interface DeviceDriver {
  readonly descriptor: DeviceDescriptor;
  readonly kind: DeviceKind;
  readonly trace: ProtocolTrace;
  identify(options?: OperationOptions): Promise<DeviceIdentity>;
  selfTest(options?: OperationOptions): Promise<SelfTestResult>;
  reset(options?: OperationOptions): Promise<void>;
  close(): Promise<void>;
}

/** An 8-bit greyscale image as captured (row-major). */
export interface GreyImage {
  width: number;
  height: number;
  /** Pixels per inch, when the device states it. */
  ppi?: number;
  pixels: Uint8Array;
}

export interface FingerprintCapture {
  image: GreyImage;
  finger?: FingerPosition;
  /** Device-reported quality (0-100) when the device gives one. */
  deviceQuality?: number;
  capturedAt: string;
}

export interface FingerprintScanner extends DeviceDriver {
  capture(options?: OperationOptions & { finger?: FingerPosition }): Promise<FingerprintCapture>;
}

export interface PenPoint {
  x: number;
  y: number;
  /** 0..maxPressure */
  pressure: number;
  inContact: boolean;
  /** Device time in ms when the device gives one, else host time. */
  t: number;
}

export interface SignatureCapabilities {
  tabletMaxX: number;
  tabletMaxY: number;
  maxPressure: number;
  screenWidth: number;
  screenHeight: number;
  resolutionPpi?: number;
}

/** Stream health of a capture, for the UI and the audit (optional on a session). */
export interface SignatureCaptureStats {
  points: number;
  /** Pen reports received since the capture started or was last cleared. */
  reportsReceived: number;
  /** Reports the device sent but the host never got (sequence gaps), when the device numbers them. */
  reportsDropped: number;
  /** Number of sequence gaps. */
  gaps: number;
  /** Reports that could not be decoded. */
  malformedReports: number;
}

export interface SignatureSession {
  onPoint(listener: (point: PenPoint) => void): () => void;
  clear(): Promise<void>;
  finish(): Promise<PenPoint[]>;
  cancel(): Promise<void>;
  /** Called once when the session ends: no error after finish, the error otherwise (cancel, unplug…). */
  onEnd?(listener: (error?: Error) => void): () => void;
  stats?(): SignatureCaptureStats;
}

export interface SignaturePad extends DeviceDriver {
  capabilities(): Promise<SignatureCapabilities>;
  startCapture(options?: OperationOptions): Promise<SignatureSession>;
}

export interface CardEvent {
  type: 'inserted' | 'removed';
  readerName: string;
  atr?: Uint8Array;
}

/** A contactless (or contact) card reader: card presence events and APDU exchange. */
export interface CardReader extends DeviceDriver {
  readerNames(): string[];
  onCardEvent(listener: (event: CardEvent) => void): () => void;
  /** Resolves with an open channel once a card is present (immediately if one already is). */
  waitForCard(
    options?: OperationOptions & { readerName?: string },
  ): Promise<import('./transport').CardChannel>;
}

/** A decoded symbol from a barcode reader (HID POS scanner, or a camera/scan fallback). */
export interface BarcodeScan {
  /** 'datamatrix', 'qr', ... (from the AIM identifier), 'unknown' when the reader sent none. */
  symbology: string;
  aim: string;
  bytes: Uint8Array;
  at: string;
}

/** A handheld 2D reader: it decodes on its own and delivers symbols when the agent pulls the trigger. */
export interface BarcodeReader extends DeviceDriver {
  onScan(listener: (scan: BarcodeScan) => void): () => void;
  /** Malformed data on the bus (the symbol is dropped; the agent scans again). */
  onScanError(listener: (error: DeviceError) => void): () => void;
  /** The next symbol read, or a timeout / cancellation DeviceError. */
  nextScan(options?: OperationOptions): Promise<BarcodeScan>;
}

/** What a flatbed scanner can do (from its eSCL capabilities). */
export interface FlatbedCapabilities {
  makeAndModel: string;
  serialNumber?: string;
  /** Largest scan region, mm. */
  platenMm: { width: number; height: number };
  /** Resolutions served, dpi, ascending. */
  resolutions: number[];
  colorModes: string[];
  formats: string[];
}

/** A region of the platen, mm from its origin corner. */
export interface PlatenRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlatbedScanRequest {
  resolutionDpi: number;
  /** Default: the whole platen. */
  regionMm?: PlatenRegion;
  colorMode?: 'RGB24' | 'Grayscale8';
  format?: 'image/jpeg' | 'image/png';
}

/** One page scanned from the platen, as the scanner encoded it. */
export interface FlatbedScan {
  bytes: Uint8Array;
  format: string;
  resolutionDpi: number;
  regionMm: PlatenRegion;
  scannedAt: string;
}

/** A flatbed scanner (eSCL): the agent lays a paper photo or a document on the glass and scans. */
export interface FlatbedScanner extends DeviceDriver {
  capabilities(options?: OperationOptions): Promise<FlatbedCapabilities>;
  scan(request: FlatbedScanRequest, options?: OperationOptions): Promise<FlatbedScan>;
}
