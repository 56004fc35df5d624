import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  compactNumber,
  preApplicationCheckChar,
  preApplicationProblem,
  taxStampCheckDigit,
  taxStampProblem,
} from './counter-numbers';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const body = (n: number, alphabet: string) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((a) => a.join(''));

test('pre-application numbers: wrong length or characters are a format problem, a wrong last one a check problem', () => {
  assert.equal(preApplicationProblem('7K2M9Q4T1Z'), undefined);
  assert.equal(preApplicationProblem('7K2M9Q4T1X'), 'check');
  assert.equal(preApplicationProblem('7K2M9Q4T1'), 'format');
  assert.equal(preApplicationProblem('7k2m9q4t1z'), 'format');
  assert.equal(preApplicationProblem('7K2M9Q4T1Z0'), 'format');
});

test('the pre-application check catches every single substitution', () => {
  fc.assert(
    fc.property(body(9, ALPHABET), fc.nat(9), fc.nat(35), (first9, at, shift) => {
      const number = first9 + preApplicationCheckChar(first9);
      assert.equal(preApplicationProblem(number), undefined);
      const changed = ALPHABET[(ALPHABET.indexOf(number[at]!) + 1 + (shift % 35)) % 36]!;
      assert.equal(preApplicationProblem(number.slice(0, at) + changed + number.slice(at + 1)), 'check');
    }),
  );
});

test('tax-stamp numbers: 16 digits with a Luhn check', () => {
  assert.equal(taxStampProblem('1234567890123452'), undefined);
  assert.equal(taxStampProblem('1234567890123453'), 'check');
  assert.equal(taxStampProblem('123456789012345'), 'format');
  fc.assert(
    fc.property(body(15, '0123456789'), fc.nat(15), (first15, at) => {
      const number = first15 + taxStampCheckDigit(first15);
      assert.equal(taxStampProblem(number), undefined);
      const changed = String((Number(number[at]) + 1) % 10);
      assert.equal(taxStampProblem(number.slice(0, at) + changed + number.slice(at + 1)), 'check');
    }),
  );
});

test('number checks take any text: a problem or none, never a throw; none only for the exact form (fuzz)', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ maxLength: 40 }), body(10, `${ALPHABET} -a\t`), body(16, '0123456789 -')),
      (text) => {
        const compact = compactNumber(text);
        assert.equal(compactNumber(compact), compact);
        const pre = preApplicationProblem(compact);
        assert.ok(pre === undefined || pre === 'format' || pre === 'check');
        if (pre === undefined) assert.match(compact, /^[0-9A-Z]{10}$/);
        const stamp = taxStampProblem(compact);
        assert.ok(stamp === undefined || stamp === 'format' || stamp === 'check');
        if (stamp === undefined) assert.match(compact, /^[0-9]{16}$/);
        if (/^[0-9A-Z]{10}$/.test(compact))
          assert.equal(pre === undefined, preApplicationCheckChar(compact.slice(0, 9)) === compact[9]);
      },
    ),
  );
});
