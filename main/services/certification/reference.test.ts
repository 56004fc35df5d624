import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRequestReference, generateRequestReference, referenceCheckDigits } from './reference';

describe('France Identité request reference', () => {
  it('accepts generated references, whatever the case and spacing', () => {
    for (let i = 0; i < 200; i++) {
      const reference = generateRequestReference();
      assert.match(reference, /^FI-[A-Z2-7]{16}\d{2}$/);
      assert.deepEqual(checkRequestReference(reference), { ok: true, reference });
      assert.deepEqual(checkRequestReference(` ${reference.toLowerCase()} `), { ok: true, reference });
    }
  });

  it('computes the ISO 7064 MOD 97-10 check digits', () => {
    // "ABCDEFGHIJKLMNOP" is 00 01 02 ... 15; with its check digits the number is 1 modulo 97.
    const body = 'ABCDEFGHIJKLMNOP';
    const digits = referenceCheckDigits(body);
    const numeric = BigInt(
      `${Array.from({ length: 16 }, (_, i) => String(i).padStart(2, '0')).join('')}${digits}`,
    );
    assert.equal(numeric % 97n, 1n);
    assert.equal(checkRequestReference(`FI-${body}${digits}`).ok, true);
  });

  it('rejects every single-character substitution and every adjacent swap', () => {
    const reference = generateRequestReference(() => Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 3));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ2345670189';
    for (let i = 3; i < reference.length; i++) {
      for (const c of alphabet) {
        if (c === reference[i]) continue;
        const altered = reference.slice(0, i) + c + reference.slice(i + 1);
        assert.equal(checkRequestReference(altered).ok, false, altered);
      }
    }
    for (let i = 3; i < reference.length - 3; i++) {
      if (reference[i] === reference[i + 1]) continue;
      const swapped = reference.slice(0, i) + reference[i + 1] + reference[i] + reference.slice(i + 2);
      const check = checkRequestReference(swapped);
      assert.equal(check.ok, false, swapped);
    }
  });

  it('tells a foreign QR code from a damaged reference', () => {
    const foreign = checkRequestReference('https://example.org/');
    assert.equal(foreign.ok, false);
    assert.equal(!foreign.ok && foreign.reason, 'format');
    const reference = generateRequestReference();
    const last = reference.at(-1) === '0' ? '1' : '0';
    const damaged = checkRequestReference(reference.slice(0, -1) + last);
    assert.equal(!damaged.ok && damaged.reason, 'checksum');
  });
});
