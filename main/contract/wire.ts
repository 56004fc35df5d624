/**
 * Frames of the browser-mode WebSocket and Electron IPC channel names.
 * Both transports carry the same three frames: request, response (a result envelope), event.
 */
import { z } from 'zod';
import type { CommandName } from './api';

export const ipcChannels = { invoke: 'station:invoke', event: 'station:event' } as const;

export const RequestFrame = z
  .object({
    type: z.literal('request'),
    id: z.number().int().nonnegative(),
    command: z.string().max(64),
    payload: z.unknown(),
  })
  .strict();
export type RequestFrame = z.infer<typeof RequestFrame>;

export const ResponseFrame = z.object({
  type: z.literal('response'),
  id: z.number().int().nonnegative(),
  result: z.unknown(),
});
export const EventFrame = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });
export const ServerFrame = z.discriminatedUnion('type', [ResponseFrame, EventFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Largest frame accepted from a renderer (bytes): room for a full-resolution camera still in base64. */
export const maxClientFrameBytes = 16 * 1024 * 1024;

/** Largest request of a command without its own limit (bytes of its frame). */
export const defaultMaxRequestBytes = 64 * 1024;

/** Commands that carry a camera still (base64 JPEG up to 12,000,000 characters) get the frame limit. */
const requestByteLimits: Partial<Record<CommandName, number>> = {
  'portrait.analyze': maxClientFrameBytes,
  'application.portrait': maxClientFrameBytes,
  'application.portraitScan': maxClientFrameBytes,
};

/** Largest request accepted for `command` (bytes of its frame). */
export function maxRequestBytes(command: string): number {
  return Object.hasOwn(requestByteLimits, command)
    ? requestByteLimits[command as CommandName]!
    : defaultMaxRequestBytes;
}
