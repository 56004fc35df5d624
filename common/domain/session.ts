/**
 * Agent-session terms shared by the device host (agent card slot) and the station core: the roles a
 * card certificate carries, the PIN input, and the simulated agent cards of the demo bench.
 */
import { z } from 'zod';

export const sessionRoles = ['agent', 'agent-certificateur', 'technicien'] as const;
export const SessionRole = z.enum(sessionRoles);
export type SessionRole = z.infer<typeof SessionRole>;

/** A PIN attempt: crosses processes once per attempt, never part of a response, an event or a log. */
export const PinInput = z.object({ pin: z.string().max(16) }).strict();

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
