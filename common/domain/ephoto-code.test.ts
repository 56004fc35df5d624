import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  EPHOTO_CODE_MESSAGES,
  ephotoCheckChars,
  ephotoCodeProblem,
  formatEphotoCode,
  parseEphotoCode,
} from './ephoto-code';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const body = fc.array(fc.constantFrom(...ALPHABET), { minLength: 20, maxLength: 20 }).map((a) => a.join(''));
const code = body.map((b) => b + ephotoCheckChars(b));

test('e-photo codes: 22 characters of 0-9 A-Z whose last two are the MOD 1271-36 check', () => {
  assert.equal(ephotoCodeProblem('4KQ7M2ZP9XRTB6WN3HCV4N'), undefined);
  assert.equal(ephotoCodeProblem('4KQ7M2ZP9XRTB6WN3HCV4P'), 'check');
  assert.equal(ephotoCodeProblem('4KQ7M2ZP9XRTB6WN3HCV4'), 'format');
  assert.equal(ephotoCodeProblem('4KQ7M2ZP9XRTB6WN3HCV4NN'), 'format');
  assert.equal(ephotoCodeProblem('4kq7m2zp9xrtb6wn3hcv4n'), 'format');
  assert.equal(ephotoCodeProblem('4KQ7M2ZP9XRTB6WN3HCV4É'), 'format');
  assert.deepEqual(parseEphotoCode(' 4kq7-m2zp 9xrt-b6wn 3hcv-4n '), { code: '4KQ7M2ZP9XRTB6WN3HCV4N' });
  assert.equal(formatEphotoCode('4KQ7M2ZP9XRTB6WN3HCV4N'), '4KQ7 M2ZP 9XRT B6WN 3HCV 4N');
  // The example in the agent's message is a valid code.
  const example = /ex\. ([0-9A-Z ]+)\)/.exec(EPHOTO_CODE_MESSAGES.format)![1]!;
  assert.equal(parseEphotoCode(example).problem, undefined);
  assert.throws(() => ephotoCheckChars('SHORT'), RangeError);
  assert.throws(() => ephotoCheckChars('4kq7m2zp9xrtb6wn3hcv'), RangeError);
});

test('the check catches every single substitution', () => {
  fc.assert(
    fc.property(code, fc.nat(21), fc.integer({ min: 1, max: 35 }), (c, at, shift) => {
      assert.equal(ephotoCodeProblem(c), undefined);
      const changed = ALPHABET[(ALPHABET.indexOf(c[at]!) + shift) % 36]!;
      assert.equal(ephotoCodeProblem(c.slice(0, at) + changed + c.slice(at + 1)), 'check');
    }),
  );
});

test('the check catches every adjacent transposition of two different characters', () => {
  fc.assert(
    fc.property(code, fc.nat(20), (c, at) => {
      fc.pre(c[at] !== c[at + 1]);
      const swapped = c.slice(0, at) + c[at + 1] + c[at] + c.slice(at + 2);
      assert.equal(ephotoCodeProblem(swapped), 'check');
    }),
  );
});

test('any string is either a code, a format problem or a check problem, never a crash', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      const { code: compact, problem } = parseEphotoCode(text);
      if (problem === undefined) assert.match(compact, /^[0-9A-Z]{22}$/);
      else assert.ok(problem === 'format' || problem === 'check');
    }),
  );
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9A-Z]{22}$/), (text) => {
      assert.notEqual(ephotoCodeProblem(text), 'format');
    }),
  );
});
