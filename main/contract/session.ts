/**
 * The agent session (agent smart card + PIN, roles, idle lock) in the contract: commands, events
 * and the device-host methods it needs. The PIN crosses the contract once per attempt and is never
 * part of a response, an event or a log.
 */
import { z } from 'zod';

const Empty = z.object({}).strict();

export const sessionRoles = ['agent', 'agent-certificateur', 'technicien'] as const;
export const SessionRole = z.enum(sessionRoles);
export type SessionRole = z.infer<typeof SessionRole>;

export const sessionStates = [
  'closed',
  'awaiting-pin',
  'open',
  'idle-warning',
  'locked',
  'blocked',
  'rejected',
] as const;

/** What the UI knows of the session: never a name, only the pseudonymous agent id and the role. */
export const SessionView = z.object({
  state: z.enum(sessionStates),
  /** Pseudonymous id from the card certificate (`AG-<serial hex>`). */
  agentId: z.string().optional(),
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

const Pin = z.object({ pin: z.string().max(16) }).strict();

/** Simulated agent cards of the demo bench (PIN 1234), and "remove" to take the card out. */
export const simulatedAgentCards = [
  'agent',
  'agent-certificateur',
  'technicien',
  'expired',
  'untrusted',
  'remove',
] as const;
export const SimulatedAgentCardChoice = z.enum(simulatedAgentCards);
export type SimulatedAgentCardName = z.infer<typeof SimulatedAgentCardChoice>;

export const sessionCommands = {
  'session.status': { request: Empty, response: SessionView },
  /** The PIN of the inserted agent card: opens the session. */
  'session.signIn': { request: Pin, response: PinAttempt },
  /** The PIN again after an idle or manual lock. */
  'session.unlock': { request: Pin, response: PinAttempt },
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

/** The agent certificate's identity as the device host checked it (no name). */
export const AgentCardIdentity = z.object({
  agentId: z.string().regex(/^AG-[0-9A-F]{2,64}$/),
  role: SessionRole,
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

export const sessionHostMethods = {
  agentCardStatus: { params: Empty, result: AgentCardPresence },
  /** Reads and checks the certificate of the card in the agent reader (trusted CA, validity, role). */
  agentCardIdentity: { params: Empty, result: AgentCardIdentity },
  agentCardPinTries: { params: Empty, result: z.object({ triesLeft: z.number().int().min(0).max(3) }) },
  agentCardVerifyPin: { params: Pin, result: AgentPinResult },
  /** Challenge-response: the card proves it holds its certificate's private key. */
  agentCardAuthenticate: { params: Empty, result: z.object({ genuine: z.literal(true) }) },
  /** Simulated bench only: insert a simulated agent card, or remove it. */
  agentCardSimulate: {
    params: z.object({ card: SimulatedAgentCardChoice }).strict(),
    result: AgentCardPresence,
  },
} as const;

export const sessionHostEvents = {
  'agentCard.presence': AgentCardPresence,
} as const;
