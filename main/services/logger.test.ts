import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { CENSORED, createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ destination, level: 'debug' }), text: () => lines.join('') };
}

describe('logger redaction', () => {
  it('never writes personal or biometric data, at any depth', () => {
    const { logger, text } = capture();
    const portrait = Buffer.alloc(300, 7).toString('base64');
    logger.info(
      {
        dossier: {
          applicant: { lastName: 'DUPONT', givenNames: 'Jeanne Marie', birthDate: '1980-02-03' },
          chip: { mrz: 'P<FRADUPONT<<JEANNE<MARIE', can: '123456' },
          parts: [{ portrait }, { fingerprint: { image: 'raw' } }],
          blob: portrait,
        },
        agent: { pin: '1234' },
        step: 'review',
      },
      'dossier submitted',
    );
    const out = text();
    for (const secret of [
      'DUPONT',
      'Jeanne',
      '1980-02-03',
      'P<FRA',
      '123456',
      portrait.slice(0, 40),
      '1234',
      '"raw"',
    ]) {
      assert.ok(!out.includes(secret), `log contains ${secret}`);
    }
    assert.ok(out.includes(CENSORED));
    assert.ok(out.includes('"step":"review"'), 'non-personal fields are kept');
    assert.ok(out.includes('dossier submitted'));
  });

  it('keeps error type and message but not raw buffers', () => {
    const { logger, text } = capture();
    logger.error({ err: new Error('device timeout'), frame: Buffer.from('secret-bytes') }, 'failure');
    const out = text();
    assert.ok(out.includes('device timeout'));
    assert.ok(!out.includes('secret-bytes'));
  });

  it('censors URLs (they may carry the session token)', () => {
    const { logger, text } = capture();
    logger.info({ url: 'http://127.0.0.1:1234/?token=abcdef' }, 'ui');
    assert.ok(!text().includes('abcdef'));
  });
});
