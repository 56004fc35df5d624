/**
 * The agent session (agent smart card + PIN, roles, idle lock) in the contract: its view, commands
 * and events. The PIN crosses the contract once per attempt and is never
 * part of a response, an event or a log.
 */
import { z } from 'zod';
import { PinInput, SessionRole, SimulatedAgentCardChoice } from '../../common/domain';

const Empty = z.object({}).strict();

export const sessionStates = [
  'closed',
  'awaiting-pin',
  'open',
  'idle-warning',
  'locked',
  'blocked',
  'rejected',
] as const;

/**
 * What the UI knows of the session: the pseudonymous agent id (what logs and the audit record), the
 * role, and while the session is open or locked the holder's name from the card certificate (shown
 * in the header; never logged).
 */
export const SessionView = z.object({
  state: z.enum(sessionStates),
  /** Pseudonymous id from the card certificate (`AG-<serial hex>`). */
  agentId: z.string().optional(),
  /** The holder's name (certificate subject CN): open, idle-warning and locked sessions. */
  agentName: z.string().max(80).optional(),
  role: SessionRole.optional(),
  /** PIN tries left before the card blocks (awaiting-pin, locked). */
  triesLeft: z.number().int().min(0).max(3).optional(),
  /** When the idle warning shows (open) and when the session locks (idle-warning), ISO 8601. */
  idleWarningAt: z.string().optional(),
  locksAt: z.string().optional(),
  /** session.idleLockMinutes, for the UI's wording. */
  idleLockMinutes: z.number().int().positive(),
  /** Why a card was refused (certificate problem code, "not-genuine", "unreadable"). */
  reason: z.string().optional(),
  /** French text for the agent (rejected, blocked). */
  message: z.string().optional(),
  /** Simulated bench: the sign-in screen offers simulated agent cards. */
  simulated: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;

/** Whether a PIN attempt opened (or unlocked) the session, else why not, in French. */
export const PinAttempt = z.object({
  ok: z.boolean(),
  reason: z.enum(['wrong-pin', 'blocked', 'malformed', 'not-genuine', 'no-card']).optional(),
  message: z.string().optional(),
  triesLeft: z.number().int().min(0).max(3).optional(),
  session: SessionView,
});
export type PinAttempt = z.infer<typeof PinAttempt>;

export const sessionCommands = {
  'session.status': { request: Empty, response: SessionView },
  /** The PIN of the inserted agent card: opens the session. */
  'session.signIn': { request: PinInput, response: PinAttempt },
  /** The PIN again after an idle or manual lock. */
  'session.unlock': { request: PinInput, response: PinAttempt },
  /** Locks the open session now (the agent steps away). */
  'session.lock': { request: Empty, response: SessionView },
  /** Closes the session; the PIN is asked again for the card still in the reader. */
  'session.signOut': { request: Empty, response: SessionView },
  /** The agent is active (keyboard, pointer): postpones the idle lock, dismisses its warning. */
  'session.activity': { request: Empty, response: SessionView },
  /** Demo and training: insert a simulated agent card (or remove it). Refused for real hardware. */
  'session.simulateCard': {
    request: z.object({ card: SimulatedAgentCardChoice }).strict(),
    response: SessionView,
  },
} as const;

export const sessionEvents = {
  'session.state': SessionView,
} as const;
