import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { type FileOps, realFileOps, writeFileAtomic } from './atomic-file';
import { tempDir } from './store.testing';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('recueil-atomic-');
});
afterEach(() => tmp.cleanup());

const errno = (code: string) => Object.assign(new Error(code), { code });
const payload = [Buffer.from('header|'), Buffer.alloc(100_000, 7)];

test('writes the chunks in order, with mode 0600, and leaves no temp file', async () => {
  const path = await writeFileAtomic(tmp.dir, 'a.rcq', payload);
  assert.deepEqual(readFileSync(path), Buffer.concat(payload));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(tmp.dir), ['a.rcq']);
});

const failures: [string, Partial<FileOps>][] = [
  [
    'a short write then ENOSPC',
    {
      async writeAll(handle, chunks) {
        await handle.write(chunks[0]!, 0, chunks[0]!.length, 0);
        throw errno('ENOSPC');
      },
    },
  ],
  [
    'EIO on fsync',
    {
      sync: async () => {
        throw errno('EIO');
      },
    },
  ],
  [
    'a failed rename',
    {
      rename: async () => {
        throw errno('EXDEV');
      },
    },
  ],
];

for (const [what, override] of failures) {
  test(`${what}: the target keeps its previous content and no temp file remains`, async () => {
    writeFileSync(join(tmp.dir, 'a.rcq'), 'previous');
    await assert.rejects(
      writeFileAtomic(tmp.dir, 'a.rcq', payload, { ...realFileOps, ...override }),
      (error) => {
        assert.ok(['ENOSPC', 'EIO', 'EXDEV'].includes((error as { code: string }).code));
        return true;
      },
    );
    assert.equal(readFileSync(join(tmp.dir, 'a.rcq'), 'utf8'), 'previous');
    assert.deepEqual(readdirSync(tmp.dir), ['a.rcq']);
  });

  test(`${what}: a new target is never created`, async () => {
    await assert.rejects(writeFileAtomic(tmp.dir, 'b.rcq', payload, { ...realFileOps, ...override }));
    assert.deepEqual(readdirSync(tmp.dir), []);
  });
}

test('the data is fsynced before the rename and the directory after it', async () => {
  const calls: string[] = [];
  await writeFileAtomic(tmp.dir, 'c.rcq', payload, {
    writeAll: async (handle, chunks) => {
      calls.push('write');
      await realFileOps.writeAll(handle, chunks);
    },
    sync: async (handle) => {
      calls.push('fsync');
      await realFileOps.sync(handle);
    },
    rename: async (from, to) => {
      calls.push('rename');
      await realFileOps.rename(from, to);
    },
    syncDir: async (dir) => {
      calls.push('fsync-dir');
      await realFileOps.syncDir(dir);
    },
  });
  assert.deepEqual(calls, ['write', 'fsync', 'rename', 'fsync-dir']);
});

test('exclusive: never replaces an existing target (EEXIST, previous content kept, no temp file)', async () => {
  await writeFileAtomic(tmp.dir, 'v1', [Buffer.from('first')], realFileOps, { exclusive: true });
  await assert.rejects(
    writeFileAtomic(tmp.dir, 'v1', [Buffer.from('second')], realFileOps, { exclusive: true }),
    (error) => (error as { code: string }).code === 'EEXIST',
  );
  assert.equal(readFileSync(join(tmp.dir, 'v1'), 'utf8'), 'first');
  assert.deepEqual(readdirSync(tmp.dir), ['v1']);
});
