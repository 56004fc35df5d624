import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
