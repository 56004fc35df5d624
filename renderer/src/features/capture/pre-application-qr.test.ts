import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { preApplicationNumberFromQr } from './pre-application-qr';

describe('pre-application QR payload', () => {
  it('accepts the bare number, in any case', () => {
    assert.equal(preApplicationNumberFromQr(' ab12cd34ef\n'), 'AB12CD34EF');
  });
  it('finds the number inside a URL or a label', () => {
    assert.equal(
      preApplicationNumberFromQr('https://predemande.example.gouv.fr/suivi?numero=7Q2X9K4M1P&v=2'),
      '7Q2X9K4M1P',
    );
    assert.equal(preApplicationNumberFromQr('Pré-demande n° 7Q2X9K4M1P'), '7Q2X9K4M1P');
  });
  it('refuses payloads without exactly one plausible number', () => {
    assert.equal(preApplicationNumberFromQr('bonjour'), undefined);
    assert.equal(preApplicationNumberFromQr('0612345678'), undefined);
    assert.equal(preApplicationNumberFromQr('AB12CD34EF AB12CD34EG'), undefined);
    assert.equal(preApplicationNumberFromQr('AB12CD34EFG'), undefined);
  });
  it('takes any payload without throwing; what it finds is one token of the payload (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.option(fc.stringMatching(/^[A-Z][0-9][A-Z0-9]{8}$/)),
        (noise, number) => {
          const payload = number ? `${noise} ${number} ` : noise;
          const found = preApplicationNumberFromQr(payload);
          if (found === undefined) return;
          assert.match(found, /^[A-Z0-9]{10}$/);
          assert.ok(payload.toUpperCase().includes(found));
        },
      ),
    );
  });
});
