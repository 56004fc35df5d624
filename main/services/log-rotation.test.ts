import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  type LogFile,
  type LogRotationPolicy,
  logGeneration,
  planLogRotation,
  rotateLogs,
} from './log-rotation';

const policy: LogRotationPolicy = {
  baseName: 'recueil',
  maxFileBytes: 100,
  maxFiles: 3,
  maxTotalBytes: 1000,
  maxAgeDays: 30,
};
const now = Date.UTC(2026, 10, 26);
const day = 86_400_000;
const file = (name: string, size: number, ageDays = 0): LogFile => ({
  name,
  size,
  mtimeMs: now - ageDays * day,
});

describe('log rotation decisions', () => {
  it('recognises only its own file names', () => {
    assert.equal(logGeneration('recueil.log', 'recueil'), 0);
    assert.equal(logGeneration('recueil.3.log', 'recueil'), 3);
    for (const other of ['recueil.0.log', 'recueil.log.1', 'other.log', 'recueil.x.log', 'recueil.01.log'])
      assert.equal(logGeneration(other, 'recueil'), null, other);
  });

  it('does nothing while the active file is small and nothing is old', () => {
    assert.deepEqual(planLogRotation([file('recueil.log', 99), file('recueil.1.log', 100, 1)], now, policy), {
      rotated: false,
      operations: [],
    });
  });

  it('rotates a full active file, shifting generations oldest first and dropping the one beyond maxFiles', () => {
    const plan = planLogRotation(
      [
        file('recueil.log', 100),
        file('recueil.1.log', 100, 1),
        file('recueil.2.log', 100, 2),
        file('recueil.3.log', 100, 3),
        file('notes.txt', 5000),
      ],
      now,
      policy,
    );
    assert.equal(plan.rotated, true);
    assert.deepEqual(plan.operations, [
      { op: 'delete', name: 'recueil.3.log', reason: 'beyond 3 generations' },
      { op: 'rename', from: 'recueil.2.log', to: 'recueil.3.log' },
      { op: 'rename', from: 'recueil.1.log', to: 'recueil.2.log' },
      { op: 'rename', from: 'recueil.log', to: 'recueil.1.log' },
    ]);
  });

  it('deletes generations older than maxAgeDays, never the active file', () => {
    const plan = planLogRotation(
      [file('recueil.log', 10, 90), file('recueil.1.log', 10, 31), file('recueil.2.log', 10, 40)],
      now,
      policy,
    );
    assert.deepEqual(
      plan.operations.map((o) => (o.op === 'delete' ? o.name : o.op)),
      ['recueil.2.log', 'recueil.1.log'],
    );
  });

  it('keeps the total under budget by deleting the oldest rotated files (after the shift)', () => {
    const plan = planLogRotation(
      [file('recueil.log', 150), file('recueil.1.log', 500, 1), file('recueil.2.log', 400, 2)],
      now,
      { ...policy, maxTotalBytes: 600 },
    );
    assert.deepEqual(plan.operations, [
      { op: 'rename', from: 'recueil.2.log', to: 'recueil.3.log' },
      { op: 'rename', from: 'recueil.1.log', to: 'recueil.2.log' },
      { op: 'rename', from: 'recueil.log', to: 'recueil.1.log' },
      { op: 'delete', name: 'recueil.3.log', reason: 'over the 600-byte budget' },
      { op: 'delete', name: 'recueil.2.log', reason: 'over the 600-byte budget' },
    ]);
  });

  it('applies a plan on disk: content follows its generation, foreign files untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-logs-'));
    try {
      writeFileSync(join(dir, 'recueil.log'), 'A'.repeat(120));
      writeFileSync(join(dir, 'recueil.1.log'), 'B');
      writeFileSync(join(dir, 'keep.txt'), 'x');
      const plan = rotateLogs(dir, Date.now(), policy);
      assert.equal(plan.rotated, true);
      assert.deepEqual(readdirSync(dir).sort(), ['keep.txt', 'recueil.1.log', 'recueil.2.log']);
      assert.equal(readFileSync(join(dir, 'recueil.1.log'), 'utf8'), 'A'.repeat(120));
      assert.equal(readFileSync(join(dir, 'recueil.2.log'), 'utf8'), 'B');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
