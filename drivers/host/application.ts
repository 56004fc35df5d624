/**
 * Device-host side of the application capture: one flat-print capture of a named finger with its
 * quality and French feedback (the project's NFIQ 2-style measure), and the signature session on
 * the pad with its live points pushed to main as `signature.points` events (batched every 50 ms).
 * In a simulated bench, the simulated applicant signs on the simulated pad when a session starts.
 * Captures are returned to main and never written anywhere here.
 */
import sharp from 'sharp';
import type { SignaturePoints } from '../../common/domain';
import { StationError } from '../../common/errors';
import { placeTablet, toPixels } from '../../common/signature/drawing';
import { assessQuality, createGreyImage, feedbackMessageFr } from '../../models/fingerprint';
import type {
  FingerprintScanner,
  PenPoint,
  SignatureCapabilities,
  SignaturePad,
  SignatureSession,
} from '../core/capabilities';
import { toStrokes } from '../devices/wacom-stu/render/strokes';
import { renderSvg } from '../devices/wacom-stu/render/svg';
import { SimulatedSignaturePad } from '../registry/devices/simulated-signature-pad';
import { DriverBackedDevice, type ManagedDevice } from '../registry/managed-device';
import type { DeviceHandlers, DeviceHostContext } from './host-context';
import type { applicationHostMethods } from './protocol';

const POINT_BATCH_MS = 50;
/** The signature drawing shown to the agent and kept in the dossier (pixels). */
const SIGNATURE_VIEW = { width: 600, height: 300 };

/** A device whose driver speaks capability D (the registry types devices by kind only). */
interface Usable<D> {
  use<T>(operation: (driver: D) => Promise<T>): Promise<T>;
}

/** `missing`: the French sentence when no such device is installed (its gender varies). */
function usable<D>(device: ManagedDevice | undefined, missing: string): Usable<D> {
  if (!(device instanceof DriverBackedDevice)) throw new StationError('DEVICE_ERROR', missing);
  return device as unknown as Usable<D>;
}

interface OpenSignature {
  session: SignatureSession;
  caps: SignatureCapabilities;
  points: PenPoint[];
  pending: SignaturePoints['points'];
  flush: ReturnType<typeof setInterval>;
  unsubscribe: () => void;
}

const tabletOf = (caps: SignatureCapabilities) => ({ maxX: caps.tabletMaxX, maxY: caps.tabletMaxY });
const pressureOf = (caps: SignatureCapabilities, pressure: number) =>
  caps.maxPressure > 0 ? pressure / caps.maxPressure : 0;

/** A pen point as the live `signature.points` event carries it: tablet units, pressure 0..1. */
export function livePoint(caps: SignatureCapabilities, point: PenPoint): SignaturePoints['points'][number] {
  return { x: point.x, y: point.y, p: pressureOf(caps, point.pressure), down: point.inContact };
}

export function applicationHostHandlers(
  ctx: DeviceHostContext,
): DeviceHandlers<keyof typeof applicationHostMethods> {
  let signature: OpenSignature | undefined;
  let signingSeed = 1;

  const scanner = () =>
    usable<FingerprintScanner>(
      ctx.registry.deviceOfKind('fingerprint'),
      'Aucun lecteur d’empreintes n’est installé sur ce poste.',
    );
  const pad = () =>
    usable<SignaturePad>(
      ctx.registry.deviceOfKind('signature'),
      'Aucune tablette de signature n’est installée sur ce poste.',
    );

  const flushPoints = (open: OpenSignature, cleared = false) => {
    if (open.pending.length === 0 && !cleared) return;
    const batch = open.pending.splice(0);
    ctx.emit('signature.points', {
      tablet: tabletOf(open.caps),
      points: batch,
      ...(cleared ? { cleared } : {}),
    });
  };

  const closeSignature = async (cancel: boolean) => {
    const open = signature;
    signature = undefined;
    if (!open) return undefined;
    clearInterval(open.flush);
    open.unsubscribe();
    if (cancel) {
      await open.session.cancel().catch(() => undefined);
      return undefined;
    }
    const points = await open.session.finish();
    flushPoints(open);
    return { open, points };
  };

  return {
    async fingerCapture({ finger }) {
      const capture = await scanner().use((driver) => driver.capture({ timeoutMs: 20000, finger }));
      const inHand = performance.now();
      const { width, height, pixels } = capture.image;
      const ppi = capture.image.ppi ?? 500;
      const quality = assessQuality(createGreyImage(width, height, pixels, ppi));
      const score = Math.max(0, Math.min(100, Math.round(quality.score)));
      const first = quality.feedback[0];
      const png = await sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } })
        .png()
        .toBuffer();
      return {
        finger,
        width,
        height,
        ppi,
        quality: score,
        feedback: first ? feedbackMessageFr(first) : 'Empreinte nette.',
        pngBase64: png.toString('base64'),
        qualityMs: performance.now() - inHand,
      };
    },

    async signatureStart() {
      await closeSignature(true);
      const device = pad();
      const { session, caps } = await device.use(async (driver) => ({
        caps: await driver.capabilities(),
        session: await driver.startCapture({ timeoutMs: 10 * 60_000 }),
      }));
      const open: OpenSignature = {
        session,
        caps,
        points: [],
        pending: [],
        flush: setInterval(() => flushPoints(open), POINT_BATCH_MS),
        unsubscribe: () => undefined,
      };
      open.unsubscribe = session.onPoint((point) => {
        open.pending.push(livePoint(caps, point));
      });
      signature = open;
      const simulatedPad = ctx.registry.deviceOfKind('signature');
      if (ctx.simulated && simulatedPad instanceof SimulatedSignaturePad) {
        // The simulated applicant signs a moment after the pad shows the signing screen.
        const seed = signingSeed++;
        setTimeout(() => void simulatedPad.simulateSigning(seed).catch(() => undefined), 300);
      }
      return SIGNATURE_VIEW;
    },

    async signatureClear() {
      const open = signature;
      if (!open) return { cleared: false };
      await open.session.clear();
      open.pending.length = 0;
      flushPoints(open, true);
      return { cleared: true };
    },

    async signatureFinish() {
      const closed = await closeSignature(false);
      if (!closed)
        throw new StationError('CONFLICT', 'Aucune signature en cours : recommencez la signature.');
      const { open, points } = closed;
      const strokes = toStrokes(points);
      if (strokes.length === 0) {
        throw new StationError(
          'OPERATOR_RETRY',
          'La signature est vide : faites signer le demandeur sur la tablette.',
        );
      }
      // The dossier's strokes are in the pixels of its PNG: the same placement as every rendering.
      const placement = placeTablet(tabletOf(open.caps), SIGNATURE_VIEW);
      const t0 = strokes[0]?.[0]?.t ?? 0;
      const svg = renderSvg(points, open.caps, { ...SIGNATURE_VIEW, background: '#ffffff' });
      const png = await sharp(Buffer.from(svg)).png().toBuffer();
      return {
        ...SIGNATURE_VIEW,
        strokes: strokes.map((stroke) => ({
          points: stroke.map((p) => ({
            ...toPixels(placement, p),
            t: Math.max(0, p.t - t0),
            p: pressureOf(open.caps, p.pressure),
          })),
        })),
        svg,
        pngBase64: png.toString('base64'),
      };
    },

    async signatureCancel() {
      const had = signature !== undefined;
      await closeSignature(true);
      return { cancelled: had };
    },
  };
}
