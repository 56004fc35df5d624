/**
 * Device-host side of the identity certification: the chip read with the CAN (PACE, CA/TA, DG3,
 * passive authentication; progress pushed as `certification.progress`), the DG3 finger templates
 * kept here in memory for the 1:1 matches, and one live capture per call with its quality gate and
 * score. On a simulated bench the simulated citizen puts their card on the reader and their fingers
 * on the sensor (see certification-simulation.ts). Nothing biometric is written anywhere here.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { CertificationProgress, ChipReadStep, FingerPosition } from '../../common/domain';
import { StationError } from '../../common/errors';
import {
  assessQuality,
  compareTemplates,
  createGreyImage,
  extractTemplate,
  type FingerprintTemplate,
  feedbackMessageFr,
  type GreyImage,
} from '../../models/fingerprint';
import type { CardReader, FingerprintScanner } from '../core/capabilities';
import type { CardChannel } from '../core/transport';
import type { TerminalSigner } from '../devices/emrtd/cvc/terminal-signer';
import { decodeFingerImageAsync } from '../devices/emrtd/lds/biometric-images';
import type { TrustStore } from '../devices/emrtd/pa/trust-store';
import { ChipReadError, messagesFr } from '../devices/emrtd/reader/chip-errors';
import { type ChipProgress, type ChipReadResult, readChip } from '../devices/emrtd/reader/read-chip';
import type { ChipReadState } from '../devices/emrtd/reader/read-state';
import { SimulatedCardReader } from '../registry/devices/simulated-card-reader';
import { SimulatedFingerprintScanner } from '../registry/devices/simulated-fingerprint-scanner';
import { DriverBackedDevice, type ManagedDevice } from '../registry/managed-device';
import { CertificationSimulation, SIMULATED_CAN } from './certification-simulation';
import type { DeviceHandlers, DeviceHostContext } from './host-context';
import type { certificationHostMethods } from './protocol';

/** Label of each step of the chip read shown to the agent. */
export const chipStepLabels: Record<ChipReadStep, string> = {
  pace: 'Accès à la puce (PACE avec le CAN)',
  read: 'Lecture des données de la carte',
  'ca-ta': 'Authentification de la puce et du poste (CA/TA)',
  dg3: 'Lecture des empreintes de la puce (DG3)',
  pa: 'Authentification passive (signature de l’État émetteur)',
  done: 'Lecture terminée',
};

/** The agent's view of a progress report of `readChip`. */
export function toCertificationProgress(p: ChipProgress): CertificationProgress {
  let step: ChipReadStep;
  if (p.step === 'pace') step = 'pace';
  else if (p.step === 'read') step = p.detail === 'DG3' ? 'dg3' : 'read';
  else if (p.detail === 'Chip Authentication' || p.detail === 'Terminal Authentication') step = 'ca-ta';
  else if (p.detail === 'Terminé') step = 'done';
  else step = 'pa';
  return { step, label: chipStepLabels[step], fraction: Math.max(0, Math.min(1, p.fraction)) };
}

/** A chip read failure as a contract error the workflow can act on (`details.reason`). */
export function chipFailure(error: ChipReadError): StationError {
  const cause = error.cause as { details?: { triesLeft?: number } } | undefined;
  // The agent's text is the read's French prompt (ChipReadError always has one).
  const text = error.prompt ?? messagesFr.readFailed;
  switch (error.code) {
    case 'CHIP_WRONG_CAN': {
      const triesLeft = cause?.details?.triesLeft;
      return new StationError(
        'OPERATOR_RETRY',
        text,
        { reason: 'wrong-can', ...(triesLeft === undefined ? {} : { triesLeft }) },
        { cause: error },
      );
    }
    case 'CHIP_CAN_SUSPENDED':
      return new StationError('OPERATOR_RETRY', text, { reason: 'can-suspended' }, { cause: error });
    case 'CHIP_CAN_BLOCKED':
      return new StationError('DEVICE_ERROR', text, { reason: 'can-blocked' }, { cause: error });
    case 'CHIP_CARD_REMOVED':
      return new StationError('OPERATOR_RETRY', text, { reason: 'card-removed' }, { cause: error });
    case 'CHIP_NOT_GENUINE':
      return new StationError('DEVICE_ERROR', text, { reason: 'not-genuine' }, { cause: error });
    default:
      return new StationError('DEVICE_ERROR', text, { reason: 'chip-error' }, { cause: error });
  }
}

async function toPng(image: GreyImage): Promise<string> {
  const png = await sharp(Buffer.from(image.pixels), {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .png()
    .toBuffer();
  return png.toString('base64');
}

function driverOf<D>(device: ManagedDevice | undefined, what: string) {
  if (!(device instanceof DriverBackedDevice))
    throw new StationError('DEVICE_ERROR', `Aucun ${what} n’est installé sur ce poste.`);
  return device as unknown as { use<T>(operation: (driver: D) => Promise<T>): Promise<T> };
}

interface ChipFinger {
  template: FingerprintTemplate;
}

export function certificationHostHandlers(
  ctx: DeviceHostContext,
): DeviceHandlers<keyof typeof certificationHostMethods> {
  let simulation: CertificationSimulation | undefined;
  let chipFingers = new Map<FingerPosition, ChipFinger>();
  let resume: ChipReadState | undefined;

  const simulatedScanner = () =>
    [...ctx.registry.list()]
      .map((s) => ctx.registry.get(s.id))
      .find((d): d is SimulatedFingerprintScanner => d instanceof SimulatedFingerprintScanner);
  const simulatedReader = () =>
    [...ctx.registry.list()]
      .map((s) => ctx.registry.get(s.id))
      .find((d): d is SimulatedCardReader => d instanceof SimulatedCardReader);

  const sim = (): CertificationSimulation => {
    if (!ctx.simulated)
      throw new StationError('FORBIDDEN', 'La simulation est désactivée sur ce poste (matériel réel).');
    simulation ??= new CertificationSimulation(simulatedScanner()?.imageSize ?? { width: 300, height: 400 });
    return simulation;
  };

  const cardReader = (): ManagedDevice | undefined =>
    (ctx.simulated ? simulatedReader() : undefined) ?? ctx.registry.deviceOfKind('card-reader');

  /** What the station needs to read a chip: a channel to the card, the trust store, the IS signer. */
  const openCard = async (): Promise<{
    channel: CardChannel;
    trustStore: TrustStore;
    signer: TerminalSigner;
  }> => {
    const reader = driverOf<CardReader>(cardReader(), 'lecteur de cartes sans contact');
    let credentials: { trustStore: TrustStore; signer: TerminalSigner };
    if (ctx.simulated) {
      const s = sim();
      const card = await s.card();
      // The simulated citizen puts the card (back) on the reader when the agent starts a read.
      const device = simulatedReader();
      if (!device) throw new StationError('DEVICE_ERROR', 'Aucun lecteur de cartes simulé sur ce poste.');
      device.presentCard(card.chip);
      credentials = { trustStore: (await s.trustedCard()).trustStore, signer: card.signer };
    } else {
      throw new StationError(
        'DEVICE_ERROR',
        'Ce poste n’a pas les certificats nécessaires pour lire les empreintes d’une carte (certificats CSCA et du poste) : contactez l’assistance.',
        { reason: 'not-configured' },
      );
    }
    const channel = await reader.use((driver) => driver.waitForCard({ timeoutMs: 15000 }));
    return { channel, ...credentials };
  };

  return {
    async certificationReadChip({ can }) {
      chipFingers = new Map();
      const { channel, trustStore, signer } = await openCard();
      const removeDuringRead = ctx.simulated && simulation?.removeDuringNextRead === true;
      if (simulation) simulation.removeDuringNextRead = false;
      let result: ChipReadResult;
      try {
        result = await readChip({
          channel,
          can,
          trustStore,
          signer,
          resume,
          onProgress: (p) => {
            const progress = toCertificationProgress(p);
            ctx.emit('certification.progress', progress);
            if (removeDuringRead && progress.step === 'ca-ta') simulatedReader()?.takeCardOff();
          },
        });
        resume = undefined;
      } catch (error) {
        if (error instanceof ChipReadError) {
          resume = error.code === 'CHIP_CARD_REMOVED' ? error.state : undefined;
          throw chipFailure(error);
        }
        throw error;
      } finally {
        await channel.disconnect().catch(() => undefined);
      }
      const fingers: { finger: FingerPosition; chipPng: string }[] = [];
      for (const finger of result.dg3?.fingers ?? []) {
        if (finger.position === 'unknown' || chipFingers.has(finger.position)) continue;
        const decoded = await decodeFingerImageAsync(finger);
        const image = createGreyImage(decoded.width, decoded.height, decoded.pixels, finger.ppi || 500);
        chipFingers.set(finger.position, { template: extractTemplate(image) });
        fingers.push({ finger: finger.position, chipPng: await toPng(image) });
      }
      const documentNumber = result.dg1?.documentNumber ?? '';
      const pa = result.passiveAuthentication;
      return {
        documentNumberHash: createHash('sha256').update(documentNumber, 'utf8').digest('hex'),
        passiveAuthentication: { ok: pa.ok, checks: pa.checks.map((c) => c.id) },
        chipAuthentication: result.chipAuthentication.ok,
        terminalAuthentication: result.terminalAuthentication.ok,
        checks: result.verdict.checks.map((c) => ({ ok: c.ok, message: c.message })),
        genuine: result.verdict.ok,
        fingers,
      };
    },

    async certificationCaptureFinger({ finger, minQuality }) {
      const chip = chipFingers.get(finger);
      if (!chip)
        throw new StationError('CONFLICT', 'Cette empreinte n’est pas enregistrée dans la puce de la carte.');
      if (ctx.simulated) simulatedScanner()?.presentFinger(sim().livePrint(finger).pixels);
      const scanner = driverOf<FingerprintScanner>(
        ctx.registry.deviceOfKind('fingerprint'),
        'lecteur d’empreintes',
      );
      const capture = await scanner.use((driver) => driver.capture({ timeoutMs: 20000, finger }));
      const { width, height, pixels } = capture.image;
      const image = createGreyImage(width, height, pixels, capture.image.ppi ?? 500);
      const assessment = assessQuality(image);
      const quality = Math.max(0, Math.min(100, Math.round(assessment.score)));
      const first = assessment.feedback[0];
      const feedback = first ? feedbackMessageFr(first) : 'Empreinte nette.';
      const score =
        quality >= minQuality ? compareTemplates(chip.template, extractTemplate(image)).score : null;
      return { finger, quality, feedback, score, livePng: await toPng(image) };
    },

    certificationReset() {
      chipFingers = new Map();
      resume = undefined;
      return { reset: true };
    },

    certificationSimulation() {
      sim();
      return { can: SIMULATED_CAN };
    },

    certificationSimulate({ scenario }) {
      const s = sim();
      switch (scenario) {
        case 'genuine-holder':
          s.person = 'holder';
          s.forged = false;
          break;
        case 'impostor':
          s.person = 'impostor';
          break;
        case 'forged-card':
          s.forged = true;
          break;
        case 'remove-card-during-read':
          s.removeDuringNextRead = true;
          break;
        case 'reinsert-card':
          simulatedReader()?.takeCardOff();
          break;
      }
      return { scenario };
    },
  };
}
