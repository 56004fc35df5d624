import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkflowDeps } from './deps';
import { draftSlot } from './draft-slot';

interface Note {
  id: string;
  expiresAt: Date;
  text: string;
}

type Saved = { id: string; kind: string; expiresAt: number; base64: string };

function vaultSync(vault: Map<string, Saved>, options: { failSave?: boolean } = {}) {
  const calls: string[] = [];
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  const sync = {
    call: (method: string, params: Record<string, unknown>) => {
      calls.push(method);
      if (method === 'draftSave') {
        if (options.failSave) return Promise.resolve({ ok: false, error: { code: 'QUEUE_REFUSED' } });
        vault.set(String(params.kind), params as unknown as Saved);
        return ok({ saved: true });
      }
      if (method === 'draftLoad') return ok(vault.get(String(params.kind)) ?? null);
      for (const [kind, saved] of vault) if (saved.id === params.id) vault.delete(kind);
      return ok({ deleted: true });
    },
  } as unknown as WorkflowDeps['sync'];
  return { sync, calls };
}

function slotOver(vault: Map<string, Saved>, options: { failSave?: boolean; onExpiry?: () => void } = {}) {
  const warnings: string[] = [];
  const logger = {
    warn: (_: unknown, message: string) => warnings.push(message),
  } as unknown as WorkflowDeps['logger'];
  const { sync, calls } = vaultSync(vault, options);
  const slot = draftSlot<Note>({
    kind: 'application',
    sync,
    logger,
    codec: {
      encode: (n) => ({ ...n, expiresAt: n.expiresAt.toISOString() }),
      decode: (saved) => {
        const s = saved as { id: string; expiresAt: string; text?: string };
        if (typeof s.text !== 'string') throw new Error('not a note');
        return { id: s.id, text: s.text, expiresAt: new Date(s.expiresAt) };
      },
    },
    onExpiry: options.onExpiry ?? (() => undefined),
  });
  return { slot, warnings, calls };
}

const inAMinute = () => new Date(Date.now() + 60_000);
const ID = '019a0000-0000-7000-8000-000000000001';

describe('draft slot', () => {
  it('saves every state in the vault and restores it once in a new process', async () => {
    const vault = new Map<string, Saved>();
    const first = slotOver(vault);
    await first.slot.save({ id: ID, expiresAt: inAMinute(), text: 'one' });
    await first.slot.save({ id: ID, expiresAt: inAMinute(), text: 'two' });
    assert.equal(first.slot.current()?.text, 'two');
    assert.equal(vault.get('application')?.id, ID);
    const second = slotOver(vault);
    assert.equal(second.slot.current(), undefined);
    assert.equal((await second.slot.restore())?.text, 'two');
    assert.equal(second.slot.current()?.text, 'two');
    assert.equal(await second.slot.restore(), undefined, 'restored once only');
    assert.equal(second.calls.filter((c) => c === 'draftLoad').length, 1);
    assert.equal(second.slot.erase()?.text, 'two');
    assert.equal(second.slot.current(), undefined);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(vault.size, 0, 'erasing deletes the vault copy');
  });

  it('ignores an expired or unreadable saved draft', async () => {
    const expired = new Map<string, Saved>();
    await slotOver(expired).slot.save({ id: ID, expiresAt: new Date(Date.now() - 1), text: 'old' });
    assert.equal(await slotOver(expired).slot.restore(), undefined);
    const garbage = new Map<string, Saved>([
      [
        'application',
        { id: ID, kind: 'application', expiresAt: Date.now() + 60_000, base64: 'bm90IGpzb24=' },
      ],
    ]);
    const reader = slotOver(garbage);
    assert.equal(await reader.slot.restore(), undefined);
    assert.deepEqual(reader.warnings, ['saved application draft unreadable: ignored']);
  });

  it('keeps the draft in memory when the vault refuses it, and says so', async () => {
    const { slot, warnings } = slotOver(new Map(), { failSave: true });
    await slot.save({ id: ID, expiresAt: inAMinute(), text: 'kept' });
    assert.equal(slot.current()?.text, 'kept');
    assert.deepEqual(warnings, ['application draft not saved']);
  });

  it('calls the expiry at the draft expiry, not when it is erased first', async () => {
    let expired = 0;
    const { slot } = slotOver(new Map(), { onExpiry: () => expired++ });
    await slot.save({ id: ID, expiresAt: new Date(Date.now() + 20), text: 'soon' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(expired, 1);
    slot.erase();
    await slot.save({ id: ID, expiresAt: new Date(Date.now() + 20), text: 'again' });
    slot.erase();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(expired, 1);
  });
});
