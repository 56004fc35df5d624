import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical-json';

test('keys are sorted at every depth, whitespace is absent and undefined members are dropped', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é' }, u: undefined }),
    '{"a":{"c":"é","d":[3,{"y":null,"z":true}]},"b":1}',
  );
  assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
});

test('values JSON cannot represent faithfully are refused', () => {
  assert.throws(() => canonicalJson({ x: Number.NaN }), TypeError);
  assert.throws(() => canonicalJson({ x: Number.POSITIVE_INFINITY }), TypeError);
  assert.throws(() => canonicalJson({ x: 1n }), TypeError);
});
