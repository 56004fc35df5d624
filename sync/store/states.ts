/**
 * The outbox state machine. A dossier is `queued` until an upload starts (`uploading`); an upload
 * ends acknowledged (verified central receipt), back in `queued` (retryable failure, with a next
 * attempt time), or `parked` (poison: needs a person, with a cause). `acknowledged` becomes
 * `purged` when the retention expires and the ciphertext is deleted. Parked dossiers go back to
 * `queued` only by an explicit requeue. Nothing leaves `purged`.
 */

export const OUTBOX_STATES = ['queued', 'uploading', 'acknowledged', 'purged', 'parked'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

const TRANSITIONS: Record<OutboxState, readonly OutboxState[]> = {
  queued: ['uploading', 'parked'],
  uploading: ['acknowledged', 'queued', 'parked'],
  acknowledged: ['purged'],
  purged: [],
  parked: ['queued'],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly dossierId: string,
    readonly from: OutboxState | 'absent',
    readonly to: OutboxState,
  ) {
    super(`dossier ${dossierId}: illegal transition ${from} -> ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: OutboxState, to: OutboxState): boolean {
  return TRANSITIONS[from].includes(to);
}
