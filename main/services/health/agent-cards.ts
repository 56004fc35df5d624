/**
 * The agent cards this station has seen, for the agent-card certificate check: `DATADIR/agent-cards.json`,
 * written atomically when a card's certificate is read at the start of a session. Only the
 * pseudonymous agent id (AG-<serial>), the role and the certificate's expiry are kept, never the
 * holder's name. Bounded: 200 cards, a card not seen for a year is forgotten. A missing or damaged
 * file is an empty list.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../../sync/store/atomic-file';

export const AGENT_CARDS_FILE = 'agent-cards.json';
const MAX_CARDS = 200;
const FORGET_AFTER_MS = 365 * 86_400_000;

export const KnownAgentCard = z
  .object({
    agentId: z.string().regex(/^AG-[0-9A-F]{2,64}$/),
    role: z.string().regex(/^[a-z][a-z-]{0,31}$/),
    notAfter: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
  })
  .strict();
export type KnownAgentCard = z.infer<typeof KnownAgentCard>;

const CardsFile = z.object({ v: z.literal(1), cards: z.array(KnownAgentCard).max(1000) });

export function parseAgentCards(text: string): KnownAgentCard[] {
  try {
    const parsed = CardsFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.cards : [];
  } catch {
    return [];
  }
}

export async function readAgentCards(dataDir: string): Promise<KnownAgentCard[]> {
  try {
    return parseAgentCards(await fs.readFile(join(dataDir, AGENT_CARDS_FILE), 'utf8'));
  } catch {
    return [];
  }
}

/** The list with `card` seen now: its entry replaced, forgotten cards dropped, newest kept. */
export function withCard(cards: readonly KnownAgentCard[], card: KnownAgentCard): KnownAgentCard[] {
  const seen = Date.parse(card.lastSeenAt);
  return [card, ...cards.filter((c) => c.agentId !== card.agentId)]
    .filter((c) => seen - Date.parse(c.lastSeenAt) <= FORGET_AFTER_MS)
    .slice(0, MAX_CARDS);
}

/** One writer at a time in this process: two sessions opening at once keep both cards. */
let queue: Promise<unknown> = Promise.resolve();

export function noteAgentCard(
  dataDir: string,
  card: { agentId: string; role: string; notAfter: Date },
  now: Date = new Date(),
): Promise<void> {
  const entry = KnownAgentCard.safeParse({
    agentId: card.agentId,
    role: card.role,
    notAfter: card.notAfter.toISOString(),
    lastSeenAt: now.toISOString(),
  });
  if (!entry.success) return Promise.resolve();
  const task = queue.then(async () => {
    const next = withCard(await readAgentCards(dataDir), entry.data);
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(dataDir, AGENT_CARDS_FILE, [Buffer.from(JSON.stringify({ v: 1, cards: next }))]);
  });
  queue = task.catch(() => undefined);
  return task;
}
