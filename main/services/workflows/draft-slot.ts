/**
 * Draft persistence: the one open draft of a kind of dossier on this station, kept in memory and
 * saved, encrypted, by the sync host's draft vault (sync/drafts) after every step, so that an
 * interruption (device unplugged, agent locked, station restart) resumes where it stopped. The slot
 * arms the purge timer at the draft's expiry, restores once per process what an earlier run left
 * (unless expired), and deletes the vault copy when the draft is erased. A failed save is logged
 * and the capture goes on in memory. What a draft holds and how it is encoded is the caller's.
 */
import type { DossierKind } from '../../../sync/dossier/model';
import type { WorkflowDeps } from './deps';

export interface DraftCodec<D> {
  encode(draft: D): unknown;
  /** Throws when the saved value is not a draft. */
  decode(saved: unknown): D;
}

export interface DraftSlot<D> {
  /** The open draft, if any. */
  current(): D | undefined;
  /** Replaces the open draft (a new one or its next state) and saves it. */
  save(draft: D): Promise<void>;
  /** Once per process, the draft an earlier run left in the vault (undefined if none or expired). */
  restore(): Promise<D | undefined>;
  /** Forgets the open draft and deletes its vault copy; returns what it was. */
  erase(): D | undefined;
}

interface Stored {
  id: string;
  expiresAt: Date;
}

export function draftSlot<D extends Stored>(options: {
  kind: DossierKind;
  sync: WorkflowDeps['sync'];
  logger: WorkflowDeps['logger'];
  codec: DraftCodec<D>;
  /** Called when the open draft reaches its expiry. */
  onExpiry: () => void;
}): DraftSlot<D> {
  const { kind, sync, logger, codec } = options;
  let draft: D | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let restored = false;

  const arm = (d: D) => {
    clearTimeout(timer);
    timer = setTimeout(options.onExpiry, Math.max(0, d.expiresAt.getTime() - Date.now()));
    timer.unref?.();
  };

  const persist = async (d: D) => {
    const base64 = Buffer.from(JSON.stringify(codec.encode(d))).toString('base64');
    try {
      const settled = await sync.call(
        'draftSave',
        { id: d.id, kind, expiresAt: d.expiresAt.getTime(), base64 },
        30000,
      );
      if (!settled.ok) logger.warn({ code: settled.error.code }, `${kind} draft not saved`);
    } catch (error) {
      logger.warn({ err: error }, `${kind} draft not saved`);
    }
  };

  const load = async (): Promise<D | undefined> => {
    const settled = await sync.call('draftLoad', { kind }, 30000).catch(() => undefined);
    if (!settled?.ok || !settled.value) return undefined;
    try {
      return codec.decode(JSON.parse(Buffer.from(settled.value.base64, 'base64').toString('utf8')));
    } catch (error) {
      logger.warn({ err: error }, `saved ${kind} draft unreadable: ignored`);
      return undefined;
    }
  };

  return {
    current: () => draft,
    async save(d) {
      if (draft?.id !== d.id || draft.expiresAt.getTime() !== d.expiresAt.getTime()) arm(d);
      draft = d;
      await persist(d);
    },
    async restore() {
      if (restored || draft) return undefined;
      restored = true;
      const saved = await load();
      if (!saved || saved.expiresAt.getTime() <= Date.now() || draft) return undefined;
      arm(saved);
      draft = saved;
      return saved;
    },
    erase() {
      const d = draft;
      if (!d) return undefined;
      clearTimeout(timer);
      draft = undefined;
      void sync.call('draftDelete', { id: d.id }).catch(() => undefined);
      return d;
    },
  };
}
