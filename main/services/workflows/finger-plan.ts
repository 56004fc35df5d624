/**
 * Which fingers an application asks for: the two index fingers by default; when a finger is
 * missing or unusable, the next finger of the same hand (middle, then ring), then the other hand,
 * until two fingers are captured or none is left. Under the legal age, no finger at all.
 */
import { type FingerPosition, fingerNamesFr } from '../../../common/domain';
import type { FingerSlot } from '../../contract/application';

export const REQUIRED_FINGERS = 2;
const HAND_ORDER = ['index', 'middle', 'ring'] as const;
type Hand = 'right' | 'left';

const position = (hand: Hand, finger: (typeof HAND_ORDER)[number]) => `${hand}-${finger}` as FingerPosition;
const handOf = (finger: FingerPosition): Hand => (finger.startsWith('right') ? 'right' : 'left');
const other = (hand: Hand): Hand => (hand === 'right' ? 'left' : 'right');

export function initialSlots(required: boolean): FingerSlot[] {
  if (!required) return [];
  return [position('right', 'index'), position('left', 'index')].map((finger) => ({
    finger,
    status: 'pending',
    attempts: 0,
  }));
}

/** After a finger was marked missing/unusable: the slots with the next fallback finger appended, if any. */
export function withFallback(slots: readonly FingerSlot[], failed: FingerPosition): FingerSlot[] {
  const used = new Set(slots.map((s) => s.finger));
  const open = slots.filter((s) => s.status === 'captured' || s.status === 'pending').length;
  if (open >= REQUIRED_FINGERS) return [...slots];
  const hand = handOf(failed);
  for (const h of [hand, other(hand)]) {
    for (const f of HAND_ORDER) {
      const candidate = position(h, f);
      if (!used.has(candidate)) return [...slots, { finger: candidate, status: 'pending', attempts: 0 }];
    }
  }
  return [...slots];
}

/** Age in whole years on `on` (ISO dates). */
export function ageInYears(birthDate: string, on: Date): number {
  const birth = new Date(`${birthDate}T00:00:00Z`);
  let age = on.getUTCFullYear() - birth.getUTCFullYear();
  const monthDiff = on.getUTCMonth() - birth.getUTCMonth();
  if (monthDiff < 0 || (monthDiff === 0 && on.getUTCDate() < birth.getUTCDate())) age -= 1;
  return age;
}

export function fingerLabel(finger: FingerPosition): string {
  return fingerNamesFr[finger];
}
