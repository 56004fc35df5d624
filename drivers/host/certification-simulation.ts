/**
 * The simulated people of a certification demo: the card holder (a simulated CNIe personalised with
 * the holder's synthetic index fingers in DG3) and an impostor. The holder's live prints come from
 * the same synthetic fingers as the chip's DG3, each capture with a fresh small displacement,
 * rotation and sensor noise, so the station makes a real 1:1 comparison; the impostor's fingers are
 * other synthetic fingers. A forged card is a chip personalised by another (untrusted) document
 * signer. Synthetic patterns only: no real person's data.
 */
import { randomInt } from 'node:crypto';
import { type FingerPosition, fingerPositions } from '../../common/domain';
import type { GreyImage } from '../../models/fingerprint';
import { type PatternSpec, randomMinutiae, renderPattern } from '../../models/fingerprint/synthetic/patterns';
import { createSimulatedCnie, type SimulatedCnie } from '../devices/emrtd/simulator/sim-setup';

/** The CAN printed on the simulated card (documented for demos: README, certification docs). */
export const SIMULATED_CAN = '123456';

/** The fingers stored in the simulated card's DG3 (ISO 19794-4 codes 2 and 7, as on a CNIe). */
export const SIMULATED_DG3_FINGERS: readonly FingerPosition[] = ['right-index', 'left-index'];

const HOLDER_SEED = 4100;
const IMPOSTOR_SEED = 9300;

/** The synthetic finger `finger` of the person `personSeed` (size of the simulated sensor). */
export function syntheticFinger(
  personSeed: number,
  finger: FingerPosition,
  size: { width: number; height: number },
): PatternSpec {
  const seed = personSeed + fingerPositions.indexOf(finger) + 1;
  const base = { width: size.width, height: size.height, period: 9 };
  return {
    ...base,
    kind: seed % 2 === 0 ? 'parallel' : 'concentric',
    ridgeAngle: (seed % 7) * 0.45,
    minutiae: randomMinutiae(base, 14, seed),
    noise: 6,
  };
}

/** The enrolment image (as stored in the chip). */
export function enrolledImage(spec: PatternSpec): GreyImage {
  return renderPattern({ ...spec, seed: 1 });
}

/** One live capture: the same finger placed a little differently, with fresh sensor noise. */
export function liveImage(spec: PatternSpec, random: (max: number) => number = randomInt): GreyImage {
  const signed = (max: number) => random(2 * max + 1) - max;
  return renderPattern(
    { ...spec, seed: random(1_000_000) + 2, noise: 8 },
    { rotation: signed(8) / 100, dx: signed(10), dy: signed(10) },
  );
}

export type SimulatedPerson = 'holder' | 'impostor';

export class CertificationSimulation {
  private genuineCard: Promise<SimulatedCnie> | undefined;
  private forgedCard: Promise<SimulatedCnie> | undefined;
  person: SimulatedPerson = 'holder';
  forged = false;
  /** Take the card off the reader during the next read. */
  removeDuringNextRead = false;

  constructor(private readonly sensor: { width: number; height: number }) {}

  /** The card the simulated citizen holds now (personalised once, kept across reads: CAN tries). */
  card(): Promise<SimulatedCnie> {
    if (this.forged) {
      this.forgedCard ??= this.personalise();
      return this.forgedCard;
    }
    this.genuineCard ??= this.personalise();
    return this.genuineCard;
  }

  /** The trust store the station has: only the genuine issuer's CSCA. */
  async trustedCard(): Promise<SimulatedCnie> {
    this.genuineCard ??= this.personalise();
    return this.genuineCard;
  }

  private personalise(): Promise<SimulatedCnie> {
    return createSimulatedCnie({
      can: SIMULATED_CAN,
      fingers: SIMULATED_DG3_FINGERS.map((finger) => {
        const image = enrolledImage(syntheticFinger(HOLDER_SEED, finger, this.sensor));
        return {
          positionCode: fingerPositions.indexOf(finger) + 1,
          width: image.width,
          height: image.height,
          pixels: image.pixels,
        };
      }),
    });
  }

  /** What the person at the counter puts on the sensor for `finger`. */
  livePrint(finger: FingerPosition): GreyImage {
    const seed = this.person === 'holder' ? HOLDER_SEED : IMPOSTOR_SEED;
    return liveImage(syntheticFinger(seed, finger, this.sensor));
  }
}
