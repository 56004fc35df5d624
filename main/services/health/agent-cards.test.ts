/** The register of agent cards seen: pseudonymous entries only, bounded, tolerant of a damaged file. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  AGENT_CARDS_FILE,
  type KnownAgentCard,
  noteAgentCard,
  parseAgentCards,
  readAgentCards,
  withCard,
} from './agent-cards';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-08T10:00:00Z');
const card = (agentId: string, seenAt: number): KnownAgentCard => ({
  agentId,
  role: 'agent',
  notAfter: new Date(NOW + 100 * DAY).toISOString(),
  lastSeenAt: new Date(seenAt).toISOString(),
});

describe('agent cards register', () => {
  it('notes a card once (newest first), forgets cards unseen for a year, keeps 200 at most', () => {
    let cards = withCard([], card('AG-01', NOW - 400 * DAY));
    cards = withCard(cards, card('AG-02', NOW - DAY));
    cards = withCard(cards, card('AG-02', NOW));
    assert.deepEqual(
      cards.map((c) => c.agentId),
      ['AG-02'],
    );
    for (let i = 0; i < 250; i++)
      cards = withCard(cards, card(`AG-${i.toString(16).padStart(4, '0').toUpperCase()}`, NOW));
    assert.equal(cards.length, 200);
  });

  it('writes only the id, role and dates (never the holder name), and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-cards-'));
    try {
      await Promise.all([
        noteAgentCard(
          dir,
          {
            agentId: 'AG-0A1B',
            role: 'technicien',
            notAfter: new Date(NOW + DAY),
            holderName: 'Jeanne Martin',
          } as never,
          new Date(NOW),
        ),
        noteAgentCard(
          dir,
          { agentId: 'AG-0C2D', role: 'agent', notAfter: new Date(NOW + 2 * DAY) },
          new Date(NOW),
        ),
      ]);
      const text = readFileSync(join(dir, AGENT_CARDS_FILE), 'utf8');
      assert.doesNotMatch(text, /Jeanne/);
      assert.deepEqual((await readAgentCards(dir)).map((c) => c.agentId).sort(), ['AG-0A1B', 'AG-0C2D']);
      writeFileSync(join(dir, AGENT_CARDS_FILE), '{"v":1,"cards":[{"agentId":');
      assert.deepEqual(await readAgentCards(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a card that is not pseudonymous is not noted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-cards-'));
    try {
      await noteAgentCard(dir, { agentId: 'Jeanne Martin', role: 'agent', notAfter: new Date(NOW) });
      assert.deepEqual(await readAgentCards(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        for (const c of parseAgentCards(text)) assert.match(c.agentId, /^AG-/);
      }),
    );
  });
});
