import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { classifyCounterCode } from './counter-code';
import { loadSignedTrustList, TrustList } from './twoddoc';
import { makeTestAuthority, sampleProofOfAddress, signedTrustList } from './twoddoc/twoddoc.testing';

describe('codes scanned or typed at the counter', async () => {
  const ta = await makeTestAuthority();
  const trust = await loadSignedTrustList(await signedTrustList([ta]));
  const proof = sampleProofOfAddress(ta);
  const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

  it('verifies a 2D-DOC proof as the reader delivers it, and one typed with <GS>/<US>', () => {
    const scanned = classifyCounterCode(latin1(proof), trust);
    assert.equal(scanned.kind === '2ddoc' && scanned.proof.verdict, 'authentic');
    assert.equal(scanned.kind === '2ddoc' && scanned.proof.fields['25'], 'LYON');
    const typed = classifyCounterCode(proof.replaceAll('\u001d', '<GS>').replaceAll('\u001f', '<US>'), trust);
    assert.equal(typed.kind === '2ddoc' && typed.proof.verdict, 'authentic');
    const forged = classifyCounterCode(latin1(proof.replace('LYON', 'NICE')), trust);
    assert.equal(forged.kind === '2ddoc' && forged.proof.verdict, 'altered');
    const unknown = classifyCounterCode(latin1(proof), TrustList.empty());
    assert.equal(unknown.kind === '2ddoc' && unknown.proof.verdict, 'unknown_certificate');
  });

  it('recognises a pre-application number and a tax-stamp number, as scanned or typed with spaces', () => {
    assert.deepEqual(classifyCounterCode(latin1('7AB2C9D4E1'), trust), {
      kind: 'pre-application',
      number: '7AB2C9D4E1',
    });
    assert.deepEqual(classifyCounterCode(' 7ab2 c9d4 e1 ', trust), {
      kind: 'pre-application',
      number: '7AB2C9D4E1',
    });
    assert.deepEqual(classifyCounterCode('1234 5678 9012 3456', trust), {
      kind: 'tax-stamp',
      number: '1234567890123456',
    });
    // A pre-application number may start with "DC": ten characters are never a 2D-DOC.
    assert.equal(classifyCounterCode('DC12345678', trust).kind, 'pre-application');
  });

  it('says why a code is unreadable, in French, never throwing', () => {
    const truncated = classifyCounterCode(latin1(proof.slice(0, 20)), trust);
    assert.equal(truncated.kind, 'unreadable');
    assert.match(truncated.kind === 'unreadable' ? truncated.message : '', /2D-DOC/);
    const other = classifyCounterCode('https://example.org', trust);
    assert.deepEqual(other.kind === 'unreadable' && other.code, 'UNKNOWN_CODE');
    assert.equal(classifyCounterCode(new Uint8Array(), trust).kind, 'unreadable');
    assert.equal(classifyCounterCode(new Uint8Array(5000), trust).kind, 'unreadable');
    assert.equal(classifyCounterCode(Uint8Array.of(0xdc, 1, 2), trust).kind, 'unreadable');
  });

  it('classifies any bytes or text without throwing (fuzz), a 2D-DOC prefix included', () => {
    const kinds = ['2ddoc', 'pre-application', 'tax-stamp', 'unreadable'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.ok(kinds.includes(classifyCounterCode(bytes, trust).kind));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (text, prefixed) => {
        assert.ok(kinds.includes(classifyCounterCode(prefixed ? `DC04${text}` : text, trust).kind));
      }),
    );
  });
});
