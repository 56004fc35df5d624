/**
 * The agent session at the counter, as a state machine driven by card events, PIN entry, user
 * activity and an injected clock:
 *
 *   closed ──card──▶ awaiting-pin ──PIN ok + card proves its key──▶ open ──idle─▶ idle-warning ─▶ locked
 *     ▲                 │  │ wrong PIN (63Cx)                        ▲ activity ◀──────┘             │
 *     │                 │  └─▶ blocked (6983: 3 wrong PINs)          └──────── PIN ok ◀──────────────┘
 *     │                 └─▶ rejected (untrusted CA, expired, no role, not genuine)
 *     └──────────────── card removed (from any state) ─────────────────────────────────────────────
 *
 * Every transition with an identified agent is appended to the audit log (actor = the pseudonymous
 * agent id from the card certificate). Opening and unlocking are fail-closed: if the audit record
 * cannot be written, the session does not open. Locking and closing always happen, and an audit
 * failure is reported through `onAuditError`. No capture without an open session: services ask
 * `require(action)`, which also applies the role's permissions (agent-session-permissions.ts).
 */

import { DeviceError } from '../../drivers/core/errors';
import { AgentCertificateError, type AgentIdentity } from '../../drivers/devices/agent-card/certificate';
import type { PinResult } from '../../drivers/devices/agent-card/driver';
import type { AgentRole } from '../../drivers/devices/agent-card/roles';
import { can, type SessionAction } from './agent-session-permissions';
import type { AuditEvent } from './audit/schema';

export { can, type SessionAction, sessionActions } from './agent-session-permissions';

/** What the session needs from a card (AgentCardReader fits). */
export interface AgentCardPort {
  readIdentity(): Promise<AgentIdentity>;
  pinTriesLeft(): Promise<number>;
  verifyPin(pin: string): Promise<PinResult>;
  authenticate(): Promise<void>;
}

export interface SessionClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: SessionClock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const t = setTimeout(callback, ms);
    t.unref?.();
    return t;
  },
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type SessionState =
  | { name: 'closed' }
  | { name: 'awaiting-pin'; agentId: string; role: AgentRole; triesLeft: number }
  | { name: 'open'; agentId: string; role: AgentRole; idleAt: number }
  | { name: 'idle-warning'; agentId: string; role: AgentRole; locksAt: number }
  | { name: 'locked'; agentId: string; role: AgentRole; triesLeft: number }
  | { name: 'blocked'; agentId: string; message: string }
  | { name: 'rejected'; reason: string; message: string };

export type PinOutcome =
  | { ok: true; state: SessionState }
  | {
      ok: false;
      reason: 'wrong-pin' | 'blocked' | 'malformed' | 'not-genuine' | 'no-card';
      message: string;
      triesLeft?: number;
    };

export class SessionError extends Error {
  constructor(
    readonly code: 'NO_SESSION' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export interface AgentSessionOptions {
  audit: { append(event: AuditEvent): Promise<unknown> };
  /** session.idleLockMinutes of the configuration. */
  idleLockMinutes: number;
  /** How long before the lock the warning shows (default 60 s, at most half the idle time). */
  idleWarningSeconds?: number;
  clock?: SessionClock;
  onAuditError?: (error: unknown) => void;
}

export class AgentSession {
  private state: SessionState = { name: 'closed' };
  private card: AgentCardPort | undefined;
  private identity: AgentIdentity | undefined;
  /** Bumped on every card insertion/removal: late answers from a previous card are dropped. */
  private generation = 0;
  private timer: unknown;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly clock: SessionClock;
  private readonly idleMs: number;
  private readonly warningMs: number;

  constructor(private readonly options: AgentSessionOptions) {
    this.clock = options.clock ?? systemClock;
    this.idleMs = options.idleLockMinutes * 60_000;
    this.warningMs = Math.min((options.idleWarningSeconds ?? 60) * 1000, this.idleMs / 2);
  }

  get current(): SessionState {
    return this.state;
  }

  /** The audit actor for actions done now: the open session's agent, else "anonymous". */
  get actor(): string {
    return this.state.name === 'open' || this.state.name === 'idle-warning'
      ? this.state.agentId
      : 'anonymous';
  }

  /** The holder's name of the card in use (its certificate's CN), for the screen only. */
  get holderName(): string | undefined {
    return this.state.name === 'closed' || this.state.name === 'rejected'
      ? undefined
      : this.identity?.holderName;
  }

  onChange(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every audit write started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  private auditLater(event: AuditEvent): void {
    const write = this.options.audit.append(event).catch((error) => this.options.onAuditError?.(error));
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private armIdle(): void {
    this.stopTimer();
    const s = this.state;
    if (s.name !== 'open' && s.name !== 'idle-warning') return;
    const idleAt = this.clock.now() + this.idleMs - this.warningMs;
    this.set({ name: 'open', agentId: s.agentId, role: s.role, idleAt });
    this.timer = this.clock.setTimer(() => this.warn(), this.idleMs - this.warningMs);
  }

  private warn(): void {
    const s = this.state;
    if (s.name !== 'open') return;
    this.set({
      name: 'idle-warning',
      agentId: s.agentId,
      role: s.role,
      locksAt: this.clock.now() + this.warningMs,
    });
    this.auditLater({ actor: s.agentId, action: 'session.idle-warning', outcome: 'success' });
    this.timer = this.clock.setTimer(() => this.lock('idle'), this.warningMs);
  }

  /** A card was inserted and connected: check it, then wait for the PIN. */
  async cardInserted(card: AgentCardPort): Promise<SessionState> {
    if (this.state.name !== 'closed') this.cardRemoved();
    const generation = ++this.generation;
    this.card = card;
    this.identity = undefined;
    let identity: AgentIdentity;
    let triesLeft: number;
    try {
      identity = await card.readIdentity();
      triesLeft = await card.pinTriesLeft();
    } catch (error) {
      if (generation !== this.generation) return this.state;
      const reason = error instanceof AgentCertificateError ? error.problem : 'unreadable';
      const message =
        error instanceof DeviceError && error.prompt
          ? error.prompt
          : 'Carte agent illisible. Retirez la carte.';
      this.card = undefined;
      this.set({ name: 'rejected', reason, message });
      this.auditLater({
        actor: 'anonymous',
        action: 'session.card-rejected',
        outcome: 'refused',
        details: { reason },
      });
      return this.state;
    }
    if (generation !== this.generation) return this.state;
    this.identity = identity;
    const { agentId, role } = identity;
    if (triesLeft === 0) {
      this.set({ name: 'blocked', agentId, message: 'Carte bloquée. Retirez la carte.' });
      this.auditLater({ actor: agentId, action: 'session.card-blocked', outcome: 'refused' });
    } else {
      this.set({ name: 'awaiting-pin', agentId, role, triesLeft });
      this.auditLater({
        actor: agentId,
        action: 'session.card-inserted',
        outcome: 'success',
        details: { role },
      });
    }
    return this.state;
  }

  /** PIN typed by the agent (awaiting-pin, or locked after idle). */
  async submitPin(pin: string): Promise<PinOutcome> {
    const s = this.state;
    const card = this.card;
    const identity = this.identity;
    if ((s.name !== 'awaiting-pin' && s.name !== 'locked') || !card || !identity)
      return { ok: false, reason: 'no-card', message: 'Insérez votre carte agent' };
    const generation = this.generation;
    const result = await card.verifyPin(pin);
    if (generation !== this.generation) return { ok: false, reason: 'no-card', message: 'Carte retirée' };
    const { agentId, role } = identity;
    if (!result.ok) {
      if (result.reason === 'malformed') return { ok: false, reason: 'malformed', message: result.message };
      if (result.reason === 'blocked') {
        this.stopTimer();
        this.set({ name: 'blocked', agentId, message: result.message });
        this.auditLater({
          actor: agentId,
          action: 'session.card-blocked',
          outcome: 'refused',
          details: { triesLeft: 0 },
        });
        return { ok: false, reason: 'blocked', message: result.message, triesLeft: 0 };
      }
      this.set({ ...s, triesLeft: result.triesLeft });
      this.auditLater({
        actor: agentId,
        action: 'session.pin-failed',
        outcome: 'failure',
        details: { triesLeft: result.triesLeft },
      });
      return { ok: false, reason: 'wrong-pin', message: result.message, triesLeft: result.triesLeft };
    }
    try {
      await card.authenticate();
    } catch (error) {
      if (generation !== this.generation) return { ok: false, reason: 'no-card', message: 'Carte retirée' };
      const message =
        error instanceof DeviceError && error.prompt
          ? error.prompt
          : 'Carte agent non authentique. Retirez la carte.';
      this.stopTimer();
      this.set({ name: 'rejected', reason: 'not-genuine', message });
      this.auditLater({
        actor: agentId,
        action: 'session.card-rejected',
        outcome: 'refused',
        details: {
          reason: 'not-genuine',
          ...(error instanceof DeviceError ? { errorCode: error.code } : {}),
        },
      });
      return { ok: false, reason: 'not-genuine', message };
    }
    // Fail-closed: no session without its audit record.
    await this.options.audit.append(
      s.name === 'locked'
        ? { actor: agentId, action: 'session.unlock', outcome: 'success', details: { role } }
        : { actor: agentId, action: 'session.open', outcome: 'success', details: { role } },
    );
    if (generation !== this.generation) return { ok: false, reason: 'no-card', message: 'Carte retirée' };
    this.set({ name: 'open', agentId, role, idleAt: 0 });
    this.armIdle();
    return { ok: true, state: this.state };
  }

  /** Keyboard, pointer or workflow activity: postpones the idle lock, dismisses the warning. */
  activity(): void {
    if (this.state.name === 'open' || this.state.name === 'idle-warning') this.armIdle();
  }

  /** Locks the open session (the agent steps away, or idle time is up); the PIN reopens it. */
  lock(reason: 'idle' | 'manual' = 'manual'): void {
    const s = this.state;
    if (s.name !== 'open' && s.name !== 'idle-warning') return;
    this.stopTimer();
    this.set({ name: 'locked', agentId: s.agentId, role: s.role, triesLeft: 3 });
    this.auditLater({ actor: s.agentId, action: 'session.lock', outcome: 'success', details: { reason } });
  }

  /**
   * The agent signs out with the card still in the reader: the session closes (audited) and the
   * card must be presented again (its PIN asked again) to reopen one.
   */
  signOut(): void {
    const s = this.state;
    if (s.name !== 'open' && s.name !== 'idle-warning' && s.name !== 'locked') return;
    this.generation += 1;
    this.stopTimer();
    this.card = undefined;
    this.identity = undefined;
    this.set({ name: 'closed' });
    this.auditLater({
      actor: s.agentId,
      action: 'session.close',
      outcome: 'success',
      details: { reason: 'sign-out' },
    });
  }

  /** The card left the reader: whatever the state, the session is closed. */
  cardRemoved(): void {
    this.generation += 1;
    this.stopTimer();
    const s = this.state;
    this.card = undefined;
    this.identity = undefined;
    if (s.name === 'closed') return;
    this.set({ name: 'closed' });
    if (s.name === 'open' || s.name === 'idle-warning' || s.name === 'locked')
      this.auditLater({
        actor: s.agentId,
        action: 'session.close',
        outcome: 'success',
        details: { reason: 'card-removed' },
      });
  }

  /** Whether the open session's role allows an action (false when no session is open). */
  can(action: SessionAction): boolean {
    const s = this.state;
    return (s.name === 'open' || s.name === 'idle-warning') && can(s.role, action);
  }

  /** Throws a SessionError with a French message unless the open session allows the action. */
  require(action: SessionAction): { agentId: string; role: AgentRole } {
    const s = this.state;
    if (s.name !== 'open' && s.name !== 'idle-warning')
      throw new SessionError(
        'NO_SESSION',
        'Aucune session ouverte : insérez votre carte agent et saisissez votre code PIN',
      );
    if (!can(s.role, action)) throw new SessionError('FORBIDDEN', 'Votre rôle ne permet pas cette action');
    return { agentId: s.agentId, role: s.role };
  }

  dispose(): void {
    this.stopTimer();
    this.listeners.clear();
  }
}
