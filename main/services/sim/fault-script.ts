/**
 * The fault script of a simulated opening day (`recueil sim day --faults FILE`): a JSON list of
 * `{ "at": "HH:MM", "fault": "device-unplugged|central-down|disk-low|host-crash", "device": ID?,
 * "minutes": n }`. Parsed with zod; every refusal names the entry (its index and time) and the field,
 * so a bench author sees at once what to correct. Outside data: fuzzed (fault-script.test.ts).
 */
import { z } from 'zod';
import { toMinutes } from '../../../common/availability/calendar';

export const FAULT_KINDS = ['device-unplugged', 'central-down', 'disk-low', 'host-crash'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const ScriptedFaultSchema = z
  .object({
    at: z
      .string({ error: 'expected a local time "HH:MM" (e.g. "10:30")' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
        error: 'expected a local time "HH:MM" (e.g. "10:30")',
      }),
    fault: z.enum(FAULT_KINDS, { error: `expected one of ${FAULT_KINDS.join(', ')}` }),
    device: z
      .string({ error: 'expected a device id (a string)' })
      .min(1, { error: 'expected a device id' })
      .max(64, { error: 'expected a device id of at most 64 characters' })
      .optional(),
    minutes: z
      .number({ error: 'expected a whole number of minutes from 1 to 1440' })
      .int({ error: 'expected a whole number of minutes from 1 to 1440' })
      .min(1, { error: 'expected a whole number of minutes from 1 to 1440' })
      .max(1440, { error: 'expected a whole number of minutes from 1 to 1440' }),
  })
  .strict();

/** One scripted fault: it starts at local minute `start` of the day and lasts `minutes`. */
export interface ScriptedFault {
  index: number;
  at: string;
  start: number;
  fault: FaultKind;
  device?: string;
  minutes: number;
}

export class FaultScriptError extends Error {
  constructor(source: string, problems: readonly string[]) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'FaultScriptError';
  }
}

const MAX_FAULTS = 500;

/** Where an entry is, for messages: `entry 2 (at "10:30")`. */
function entryName(raw: unknown, index: number): string {
  const at = raw && typeof raw === 'object' && 'at' in raw ? (raw as { at: unknown }).at : undefined;
  return typeof at === 'string' && at.length <= 16 ? `entry ${index} (at "${at}")` : `entry ${index}`;
}

function issueText(issue: z.core.$ZodIssue, entry: object): string {
  if (issue.code === 'unrecognized_keys')
    return `${issue.keys.map((k) => `"${k}"`).join(', ')}: unknown field (expected at, fault, device, minutes)`;
  const field = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the entry';
  const key = issue.path[0];
  if (typeof key === 'string' && !(key in entry)) return `${field}: missing, ${issue.message}`;
  return `${field}: ${issue.message}`;
}

/**
 * Validates the script's text against the day's opening interval [open, close) (local minutes):
 * each fault must start while the town hall is open; `device` names the device to unplug and is only
 * for `device-unplugged`. Entries are numbered from 0, as in the JSON list.
 */
export function parseFaultScript(
  text: string,
  source: string,
  open: { start: number; end: number },
): ScriptedFault[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FaultScriptError(source, [`not valid JSON (${(error as Error).message})`]);
  }
  if (!Array.isArray(raw))
    throw new FaultScriptError(source, [
      'expected a JSON list of faults, e.g. [{ "at": "10:30", "fault": "disk-low", "minutes": 15 }]',
    ]);
  if (raw.length > MAX_FAULTS)
    throw new FaultScriptError(source, [`at most ${MAX_FAULTS} faults, got ${raw.length}`]);
  const problems: string[] = [];
  const faults: ScriptedFault[] = [];
  raw.forEach((entry: unknown, index) => {
    const name = entryName(entry, index);
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${name}: expected an object { "at", "fault", "device"?, "minutes" }`);
      return;
    }
    const parsed = ScriptedFaultSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${name}: ${issueText(issue, entry)}`);
      return;
    }
    const { at, fault, device, minutes } = parsed.data;
    const start = toMinutes(at);
    if (fault === 'device-unplugged' && device === undefined)
      problems.push(`${name}: "device": missing, device-unplugged needs the id of the device to unplug`);
    if (fault !== 'device-unplugged' && device !== undefined)
      problems.push(`${name}: "device": only for device-unplugged, not for ${fault}`);
    if (start < open.start || start >= open.end)
      problems.push(
        `${name}: "at": ${at} is outside the opening hours ${hhmm(open.start)}-${hhmm(open.end)}`,
      );
    faults.push({ index, at, start, fault, minutes, ...(device !== undefined ? { device } : {}) });
  });
  if (problems.length > 0) throw new FaultScriptError(source, problems);
  return faults;
}

export const hhmm = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
