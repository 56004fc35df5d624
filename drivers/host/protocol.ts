/**
 * The device host's protocol (main <-> device host): technician operations on the devices, portrait
 * analysis, the agent card slot, and the capture and chip-read methods of the counter workflows,
 * with the events the host pushes. Main validates every reply and event against these schemas.
 */
import { z } from 'zod';
import {
  CertificationProgress,
  CertificationScenario,
  DeviceStatus,
  DeviceTrace,
  FingerPosition,
  PinInput,
  PortraitAnalysis,
  PortraitAnalysisRequest,
  SelfTestReport,
  SessionRole,
  SignaturePoints,
  SimulatedAgentCardChoice,
  TestCaptureReport,
} from '../../common/domain';
import { defineHostProtocol, HostHealth, NoParams } from '../../common/rpc/host-rpc';

const DeviceId = z.object({ deviceId: z.string() }).strict();

/** The agent certificate's identity as the device host checked it (no name). */
export const AgentCardIdentity = z.object({
  agentId: z.string().regex(/^AG-[0-9A-F]{2,64}$/),
  role: SessionRole,
  /** The holder's name (certificate subject CN), for the screen only. */
  holderName: z.string().max(80).optional(),
  notAfter: z.string(),
  fingerprint256: z.string(),
  /** The certificate's public key (SPKI DER, base64): what the card proves it holds. */
  publicKeySpki: z.string(),
});

export const AgentPinResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(['wrong-pin', 'blocked', 'malformed']),
    triesLeft: z.number().int().min(0).max(3).optional(),
    message: z.string(),
  }),
]);

export const AgentCardPresence = z.object({
  present: z.boolean(),
  /** Bumped on every insertion or removal: answers about an older card are recognisable. */
  seq: z.number().int().nonnegative(),
  simulated: z.boolean(),
});
export type AgentCardPresence = z.infer<typeof AgentCardPresence>;

/** What the chip read leaves for the station core: verdicts and the DG3 images to show, no template. */
export const ChipSummary = z.object({
  documentNumberHash: z.string(),
  passiveAuthentication: z.object({ ok: z.boolean(), checks: z.array(z.string()) }),
  chipAuthentication: z.boolean(),
  terminalAuthentication: z.boolean(),
  checks: z.array(z.object({ ok: z.boolean(), message: z.string() })),
  genuine: z.boolean(),
  fingers: z.array(z.object({ finger: FingerPosition, chipPng: z.string() })),
});
export type ChipSummary = z.infer<typeof ChipSummary>;

/** The agent card slot (session workflow). */
export const sessionHostMethods = {
  agentCardStatus: { params: NoParams, result: AgentCardPresence },
  /** Reads and checks the certificate of the card in the agent reader (trusted CA, validity, role). */
  agentCardIdentity: { params: NoParams, result: AgentCardIdentity },
  agentCardPinTries: { params: NoParams, result: z.object({ triesLeft: z.number().int().min(0).max(3) }) },
  agentCardVerifyPin: { params: PinInput, result: AgentPinResult },
  /** Challenge-response: the card proves it holds its certificate's private key. */
  agentCardAuthenticate: { params: NoParams, result: z.object({ genuine: z.literal(true) }) },
  /** Simulated bench only: insert a simulated agent card, or remove it. */
  agentCardSimulate: {
    params: z.object({ card: SimulatedAgentCardChoice }).strict(),
    result: AgentCardPresence,
  },
} as const;

/** Finger capture with quality, and signature sessions (application workflow). */
export const applicationHostMethods = {
  fingerCapture: {
    params: z.object({ finger: FingerPosition }).strict(),
    result: z.object({
      finger: FingerPosition,
      width: z.number().int(),
      height: z.number().int(),
      ppi: z.number().int(),
      /** Quality 0-100 (the project's NFIQ 2-style measure) and the French feedback of the attempt. */
      quality: z.number().int().min(0).max(100),
      feedback: z.string(),
      pngBase64: z.string(),
      /** From the print in hand to this answer (quality, feedback, PNG), ms. */
      qualityMs: z.number().nonnegative(),
    }),
  },
  signatureStart: {
    params: NoParams,
    result: z.object({ width: z.number().int(), height: z.number().int() }),
  },
  signatureClear: { params: NoParams, result: z.object({ cleared: z.boolean() }) },
  signatureFinish: {
    params: NoParams,
    result: z.object({
      width: z.number().int(),
      height: z.number().int(),
      strokes: z.array(
        z.object({
          points: z.array(z.object({ x: z.number(), y: z.number(), t: z.number(), p: z.number() })),
        }),
      ),
      svg: z.string(),
      pngBase64: z.string(),
    }),
  },
  signatureCancel: { params: NoParams, result: z.object({ cancelled: z.boolean() }) },
} as const;

/** Chip read with CAN, live capture + 1:1 match, simulation control (certification workflow). */
export const certificationHostMethods = {
  /** Reads the chip; the DG3 finger templates stay in the device host for the matches. */
  certificationReadChip: {
    params: z.object({ can: z.string().regex(/^\d{6}$/) }).strict(),
    result: ChipSummary,
  },
  /** Live capture of one finger, quality, and (when good enough) the 1:1 score against DG3. */
  certificationCaptureFinger: {
    params: z.object({ finger: FingerPosition, minQuality: z.number().int().min(0).max(100) }).strict(),
    result: z.object({
      finger: FingerPosition,
      quality: z.number().int().min(0).max(100),
      feedback: z.string(),
      /** Null when the capture was refused by the quality gate. */
      score: z.number().nullable(),
      livePng: z.string(),
    }),
  },
  /** Forgets the chip data held for the current certification. */
  certificationReset: { params: NoParams, result: z.object({ reset: z.boolean() }) },
  /** Simulated mode: the CAN printed on the simulated card. */
  certificationSimulation: { params: NoParams, result: z.object({ can: z.string() }) },
  certificationSimulate: {
    params: z.object({ scenario: CertificationScenario }).strict(),
    result: z.object({ scenario: CertificationScenario }),
  },
} as const;

/** A symbol read by the counter's barcode reader, as the driver delivered it (main classifies it). */
export const BarcodeScanEvent = z.object({
  symbology: z.string().max(32),
  aim: z.string().max(3),
  contentBase64: z.string().max(8192),
  at: z.string(),
});
export type BarcodeScanEvent = z.infer<typeof BarcodeScanEvent>;

/** The simulated barcode reader (demo, training, tests). */
export const barcodeHostMethods = {
  barcodeSimulateScan: {
    params: z
      .object({
        content: z.string().min(1).max(4096),
        symbology: z.enum(['datamatrix', 'qr', 'pdf417', 'aztec', 'code128']),
      })
      .strict(),
    result: z.object({ scanned: z.literal(true) }),
  },
  /** The camera or flatbed fallback: the DataMatrix or QR code in a picture (JPEG, PNG...). */
  barcodeDecodeImage: {
    params: z.object({ imageBase64: z.string().min(4).max(12_000_000) }).strict(),
    result: z.object({ symbology: z.enum(['datamatrix', 'qr']), contentBase64: z.string().max(8192) }),
  },
} as const;

export const deviceHostProtocol = defineHostProtocol({
  name: 'device',
  label: 'Le processus des périphériques',
  methods: {
    health: { params: NoParams, result: HostHealth },
    inventory: { params: NoParams, result: z.array(DeviceStatus) },
    simulate: {
      params: z.object({ deviceId: z.string(), action: z.enum(['plug', 'unplug', 'fault']) }).strict(),
      result: DeviceStatus,
    },
    selfTest: { params: DeviceId, result: SelfTestReport },
    reset: { params: DeviceId, result: DeviceStatus },
    testCapture: { params: DeviceId, result: TestCaptureReport },
    trace: {
      params: z.object({ deviceId: z.string(), enabled: z.boolean().optional() }).strict(),
      result: DeviceTrace,
    },
    portraitAnalyze: { params: PortraitAnalysisRequest, result: PortraitAnalysis },
    /** A flatbed scan of a paper photo (PNG/JPEG/TIFF): its ISO token and report (portrait-intake.ts). */
    portraitScan: {
      params: z.object({ imageBase64: z.string().min(4).max(16_000_000) }).strict(),
      result: z.discriminatedUnion('outcome', [
        z.object({
          outcome: z.literal('analysed'),
          analysis: PortraitAnalysis,
          tokenJpegBase64: z.string().nullable(),
          instruction: z.string(),
          skewDegrees: z.number(),
          dpi: z.number(),
        }),
        z.object({ outcome: z.literal('refused'), message: z.string() }),
      ]),
    },
    /** A portrait that already is an ISO token (an e-photo record's), checked with ISO sizes. */
    portraitToken: {
      params: z.object({ jpegBase64: z.string().min(4).max(12_000_000) }).strict(),
      result: z.discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('analysed'), analysis: PortraitAnalysis }),
        z.object({ outcome: z.literal('refused'), message: z.string() }),
      ]),
    },
    /** Path of the simulated camera's clip (Y4M) for Chromium's fake capture device; null without one. */
    cameraScene: { params: NoParams, result: z.object({ path: z.string().nullable() }) },
    ...sessionHostMethods,
    ...applicationHostMethods,
    ...certificationHostMethods,
    ...barcodeHostMethods,
  },
  events: {
    'device.status': DeviceStatus,
    'agentCard.presence': AgentCardPresence,
    'signature.points': SignaturePoints,
    'certification.progress': CertificationProgress,
    'barcode.scan': BarcodeScanEvent,
  },
});
export type DeviceHostProtocol = typeof deviceHostProtocol;
