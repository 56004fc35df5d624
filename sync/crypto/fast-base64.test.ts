import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { base64url } from 'jose';
import { fromBase64, installFastBase64, toBase64 } from './fast-base64';

test('toBase64 matches the reference encodings for every length modulo 3', () => {
  for (let length = 0; length < 40; length++) {
    const bytes = randomBytes(length);
    assert.equal(toBase64(bytes), bytes.toString('base64'));
    assert.equal(toBase64(bytes, { alphabet: 'base64url', omitPadding: true }), bytes.toString('base64url'));
    assert.equal(
      toBase64(bytes, { alphabet: 'base64', omitPadding: true }),
      bytes.toString('base64').replace(/=+$/, ''),
    );
    assert.equal(toBase64(bytes, { alphabet: 'base64url' }).length % 4, 0);
  }
});

test('toBase64 respects the view offset of a subarray', () => {
  const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6]);
  assert.equal(toBase64(bytes.subarray(2, 5)), Buffer.from([3, 4, 5]).toString('base64'));
});

test('fromBase64 round-trips and rejects what Buffer would silently accept', () => {
  for (let length = 0; length < 40; length++) {
    const bytes = randomBytes(length);
    assert.deepEqual(
      fromBase64(bytes.toString('base64url'), { alphabet: 'base64url' }),
      new Uint8Array(bytes),
    );
    assert.deepEqual(fromBase64(bytes.toString('base64')), new Uint8Array(bytes));
  }
  assert.throws(() => fromBase64('ab$d', { alphabet: 'base64url' }), SyntaxError);
  assert.throws(() => fromBase64('ab+d', { alphabet: 'base64url' }), SyntaxError);
  assert.throws(() => fromBase64('ab_d'), SyntaxError);
  assert.throws(() => fromBase64('abcde'), SyntaxError);
  assert.throws(() => fromBase64('ab=c'), SyntaxError);
  assert.throws(() => fromBase64('QQ', { lastChunkHandling: 'strict' }), SyntaxError);
  assert.deepEqual(fromBase64(' QQ==\n'), Uint8Array.from([0x41]));
});

test('once installed, jose encodes and decodes through it with identical results', () => {
  installFastBase64();
  const bytes = randomBytes(100_003);
  const encoded = base64url.encode(bytes);
  assert.equal(encoded, bytes.toString('base64url'));
  assert.deepEqual(Buffer.from(base64url.decode(encoded)), bytes);
  assert.throws(() => base64url.decode('a.b'), TypeError);
});
