import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stationLogDestination, stationLogPolicy } from './log-file';

describe('station log file', () => {
  it('rotates an oversized log at start and keeps writing to station.log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'recueil-logs-'));
    try {
      const logs = join(dataDir, 'logs');
      mkdirSync(logs);
      writeFileSync(join(logs, 'station.log'), Buffer.alloc(2048, 'x'));
      const destination = stationLogDestination(
        { dataDir, log: { level: 'info' } },
        { ...stationLogPolicy, maxFileBytes: 1024 },
      );
      destination.write(`${JSON.stringify({ level: 30, msg: 'after rotation' })}\n`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(readdirSync(logs).sort(), ['station.1.log', 'station.log']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
