import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, demoConfig, loadConfigFile, parseConfig } from './config';

const valid = {
  station: { id: 'DR-75056-0001', townHall: { name: 'Mairie de Paris', inseeCode: '75056' } },
  dataDir: 'data',
};

function problems(raw: unknown): string[] {
  try {
    parseConfig(raw, 'test.json', '/base');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration', () => {
  it('fills defaults and resolves the data dir against the file folder', () => {
    const config = parseConfig(valid, 'test.json', '/base');
    assert.equal(config.dataDir, '/base/data');
    assert.equal(config.central, undefined, 'a station without a central section is not enrolled');
    assert.equal(config.devices.mode, 'simulated');
    assert.equal(config.thresholds.portrait.minInterEyePx, 300);
    assert.equal(config.thresholds.fingerprint.maxAttempts, 3);
  });

  it('names the bad key and the expected form', () => {
    const [first] = problems({ ...valid, station: { ...valid.station, id: 'dr 1' } });
    assert.match(first ?? '', /^station\.id: expected 3 to 32 upper-case letters/);
    const [insee] = problems({
      ...valid,
      station: { ...valid.station, townHall: { name: 'X', inseeCode: '7505' } },
    });
    assert.match(insee ?? '', /^station\.townHall\.inseeCode: expected a 5-character INSEE/);
    const central = problems({ ...valid, central: { url: 'http://plain.example' } });
    assert.ok(
      central.some((p) => /^central\.url: expected "embedded" or an https:\/\/ URL/.test(p)),
      central.join('\n'),
    );
    assert.ok(
      central.some((p) => p.startsWith('central.tls')),
      central.join('\n'),
    );
  });

  it('reports a missing key and an unknown (misspelt) key', () => {
    const missing = problems({ station: valid.station });
    assert.ok(
      missing.some((p) => p.startsWith('dataDir: missing')),
      missing.join('\n'),
    );
    const unknown = problems({ ...valid, thresholds: { portrait: {}, fingerprnt: {} } });
    assert.ok(
      unknown.some((p) => p.startsWith('thresholds.fingerprnt: unknown key')),
      unknown.join('\n'),
    );
  });

  it('reports every problem at once', () => {
    const all = problems({ station: { id: 'x', townHall: { name: '', inseeCode: 'abc' } } });
    assert.ok(all.length >= 4, all.join('\n'));
  });

  describe('files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-config-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('loads a file and explains unreadable or non-JSON files', () => {
      const file = join(dir, 'station.json');
      writeFileSync(file, JSON.stringify(valid));
      assert.equal(loadConfigFile(file).dataDir, join(dir, 'data'));
      writeFileSync(file, '{ not json');
      assert.throws(
        () => loadConfigFile(file),
        (e: ConfigError) => /not valid JSON/.test(e.problems[0] ?? ''),
      );
      assert.throws(
        () => loadConfigFile(join(dir, 'absent.json')),
        (e: ConfigError) => /ENOENT/.test(e.problems[0] ?? ''),
      );
    });
  });

  it('has a valid demo configuration', () => {
    assert.equal(demoConfig('/tmp/demo').station.id, 'DR-DEMO-0001');
  });
});
