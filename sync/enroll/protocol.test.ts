import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  codeKey,
  formatCode,
  normalizeCode,
  randomCode,
  requestProof,
  responseMac,
  sameMac,
} from './protocol';

test('codes: 20 Crockford symbols, typed in any case, with dashes or spaces, O/I/L read as 0/1', () => {
  const code = randomCode(randomBytes);
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{20}$/);
  assert.equal(normalizeCode(formatCode(code).toLowerCase()), code);
  assert.equal(normalizeCode('abcd efgh-jkmn pqrs-tvwx'), 'ABCDEFGHJKMNPQRSTVWX');
  assert.equal(normalizeCode('OIL0-0000-0000-0000-0000'), '01100000000000000000');
  assert.equal(normalizeCode('ABCD-EFGH'), undefined, 'too short');
  assert.equal(normalizeCode('ABCD-EFGH-JKMN-PQRS-TVWU'), undefined, 'U is not in the alphabet');
});

test('the proof binds the code to the server certificate, the CSR and the signing key', () => {
  const key = codeKey('ABCDEFGHJKMNPQRSTVWX');
  const proof = requestProof(key, 'AA:BB', 'csr', 'kid');
  assert.equal(requestProof(key, 'aabb', 'csr', 'kid'), proof, 'fingerprint format does not matter');
  assert.notEqual(requestProof(key, 'aabc', 'csr', 'kid'), proof, 'another server certificate');
  assert.notEqual(requestProof(key, 'aabb', 'csr2', 'kid'), proof, 'another CSR');
  assert.notEqual(requestProof(key, 'aabb', 'csr', 'kid2'), proof, 'another signing key');
  assert.notEqual(requestProof(codeKey('ABCDEFGHJKMNPQRSTVW0'), 'aabb', 'csr', 'kid'), proof, 'another code');
  const mac = responseMac(key, '{"a":1}');
  assert.ok(sameMac(mac, responseMac(key, '{"a":1}')));
  assert.ok(!sameMac(mac, responseMac(key, '{"a":2}')));
});
