/**
 * How much work main hands each host at a time (see HostCallLimits in common/rpc/host-rpc.ts): calls
 * at the host, calls waiting their turn, and the portrait analysis's own bound. The device host runs
 * long calls (captures wait for a finger, test captures, chip reads) beside short ones, so it gets
 * more slots than the sync host, whose calls are outbox reads and writes.
 *
 * Portrait analyses are the heavy ones (a final still is up to 12 MB of base64, decoded and run
 * through the face models): at most two at the host (a live frame and a final still), and a still
 * identical to one being analysed shares that analysis instead of running it again.
 */
import type { HostCallLimits } from '../../common/rpc/host-rpc';
import type { HostKind, HostParams } from './protocols';

const samePortrait = (p: HostParams<'device', 'portraitAnalyze'>): readonly unknown[] => [
  p.jpegBase64,
  p.mode,
  p.frame?.x,
  p.frame?.y,
  p.frame?.width,
  p.frame?.height,
  p.pixelScale,
];

export const hostCallLimits: Record<HostKind, Partial<HostCallLimits>> = {
  device: {
    maxInFlight: 16,
    maxQueued: 64,
    methods: {
      portraitAnalyze: { maxInFlight: 2, coalesce: samePortrait as (params: never) => readonly unknown[] },
    },
  },
  sync: { maxInFlight: 8, maxQueued: 64 },
};
