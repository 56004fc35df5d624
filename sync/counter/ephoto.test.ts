import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { ephotoCheckChars } from '../../common/domain/ephoto-code';
import { signCentralDocument } from '../crypto/central-document';
import {
  createProviderKey,
  importProviderPublicKey,
  importProviderSigner,
  type ProviderSigner,
  type ProviderVerifier,
} from '../crypto/provider-key';
import { type EphotoAnswer, EphotoClaims, TYP_EPHOTO } from '../protocol/ephoto';
import { checkedEphotoCode, EphotoRefused, verifyEphotoAnswer } from './ephoto';
import { CounterServiceError } from './errors';

const CODE = `4KQ7M2ZP9XRTB6WN3HCV${ephotoCheckChars('4KQ7M2ZP9XRTB6WN3HCV')}`;
const OTHER = `ZZZZM2ZP9XRTB6WN3HCV${ephotoCheckChars('ZZZZM2ZP9XRTB6WN3HCV')}`;
const NOW = new Date('2026-12-08T10:00:00Z');
const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 9, 9]);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let signer: ProviderSigner;
let verifier: ProviderVerifier;
let valid: EphotoAnswer;

async function answer(
  claims: Partial<EphotoClaims> = {},
  options: { signer?: ProviderSigner; photo?: Buffer; code?: string; typ?: string } = {},
): Promise<EphotoAnswer> {
  const full: EphotoClaims = {
    code: CODE,
    provider: 'Cabine test',
    takenAt: '2026-11-01T09:00:00.000Z',
    expiresAt: '2027-05-01T09:00:00.000Z',
    photo: { mediaType: 'image/jpeg', sha256: sha(photo) },
    signature: { mediaType: 'image/png', sha256: sha(signature) },
    ...claims,
  };
  const jws = await signCentralDocument(
    options.typ ?? TYP_EPHOTO,
    EphotoClaims,
    full,
    options.signer ?? signer,
  );
  return {
    code: options.code ?? CODE,
    state: 'valid',
    expiresAt: full.expiresAt,
    record: {
      jws,
      photoBase64: (options.photo ?? photo).toString('base64'),
      signatureBase64: signature.toString('base64'),
    },
  };
}

async function refusal(body: unknown): Promise<EphotoRefused | CounterServiceError> {
  try {
    await verifyEphotoAnswer(CODE, body, verifier, NOW);
  } catch (error) {
    if (error instanceof EphotoRefused || error instanceof CounterServiceError) return error;
    throw error;
  }
  assert.fail('accepted');
}

before(async () => {
  const key = await createProviderKey();
  signer = await importProviderSigner(key.privateJwk);
  verifier = await importProviderPublicKey(key.publicJwk);
  valid = await answer();
});

test('a record signed by the pinned provider, for this code, with its images, is accepted', async () => {
  const record = await verifyEphotoAnswer(CODE, valid, verifier, NOW);
  assert.equal(record.code, CODE);
  assert.equal(record.provider, 'Cabine test');
  assert.deepEqual(Buffer.from(record.photo), photo);
  assert.deepEqual(Buffer.from(record.signature), signature);
});

test('the provider states unknown, used and expired are refusals with their French message', async () => {
  const unknown = await refusal({ code: CODE, state: 'unknown' });
  assert.ok(unknown instanceof EphotoRefused && unknown.reason === 'unknown');
  const used = await refusal({ code: CODE, state: 'used', usedAt: '2026-12-01T08:00:00Z' });
  assert.ok(used instanceof EphotoRefused && used.reason === 'used');
  assert.match(used.messageFr, /déjà servi \(le 01\/12\/2026\)/);
  const expired = await refusal({ code: CODE, state: 'expired', expiresAt: '2026-11-30T08:00:00Z' });
  assert.ok(expired instanceof EphotoRefused && expired.reason === 'expired');
  assert.match(expired.messageFr, /expiré le 30\/11\/2026/);
});

test('a forged, tampered, misdirected or signed-expired record is refused', async () => {
  const other = await importProviderSigner((await createProviderKey()).privateJwk);
  const cases: [string, EphotoAnswer, EphotoRefused['reason']][] = [
    [
      'another key under the kid',
      await answer({}, { signer: { ...other, receiptKid: signer.receiptKid } }),
      'signature',
    ],
    ['another key', await answer({}, { signer: other }), 'signature'],
    [
      'a changed photo',
      await answer({}, { photo: Buffer.from([...photo.subarray(0, 5), 7, 3, 4, 0xff, 0xd9]) }),
      'signature',
    ],
    ['the record of another code', await answer({ code: OTHER }), 'signature'],
    ['expired by its signed date', await answer({ expiresAt: '2026-12-01T00:00:00.000Z' }), 'expired'],
  ];
  for (const [what, body, reason] of cases) {
    const error = await refusal(body);
    assert.ok(error instanceof EphotoRefused, what);
    assert.equal(error.reason, reason, what);
  }
  const wrongTyp = await answer({}, { typ: 'recueil-receipt+jwt' });
  assert.equal(((await refusal(wrongTyp)) as EphotoRefused).reason, 'signature');
});

test('an answer of the wrong shape, or for another code, is a protocol error, not a refusal', async () => {
  for (const body of [
    undefined,
    null,
    'x',
    [],
    {},
    { code: CODE, state: 'valid' },
    { ...valid, code: OTHER },
    { ...valid, extra: 1 },
  ]) {
    const error = await refusal(body);
    assert.ok(error instanceof CounterServiceError, JSON.stringify(body));
    assert.equal(error.failure, 'protocol');
  }
});

test('fuzz: any JSON answer is refused cleanly (typed error), never accepted unless it is the signed one', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (body) => {
      await refusal(body);
    }),
    { numRuns: 300 },
  );
  // Mutations of the valid answer: one field replaced by anything.
  const paths = [
    'code',
    'state',
    'expiresAt',
    'record',
    'record.jws',
    'record.photoBase64',
    'record.signatureBase64',
  ];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue(), async (path, value) => {
      const body = structuredClone(valid) as unknown as Record<string, Record<string, unknown>>;
      const [a, b] = path.split('.') as [string, string | undefined];
      if (b) body[a]![b] = value as never;
      else (body as Record<string, unknown>)[a] = value;
      if (JSON.stringify(body) === JSON.stringify(valid)) return;
      if (path === 'expiresAt' && typeof value === 'string' && /^\d{4}-/.test(value)) return;
      await refusal(body);
    }),
    { numRuns: 300 },
  );
  // A JWS with one character changed.
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.constantFrom(...'ABCDEFabcdef0123456789-_.'), async (at, char) => {
      const body = structuredClone(valid);
      const jws = body.record!.jws;
      const i = at % jws.length;
      if (jws[i] === char) return;
      body.record!.jws = jws.slice(0, i) + char + jws.slice(i + 1);
      try {
        await verifyEphotoAnswer(CODE, body, verifier, NOW);
        // base64url's last character may carry unused bits: an equal decoding is the same JWS.
        assert.equal(i, jws.length - 1);
      } catch (error) {
        assert.ok(error instanceof EphotoRefused || error instanceof CounterServiceError);
      }
    }),
    { numRuns: 300 },
  );
});

test('codes are checked before anything is sent', () => {
  assert.equal(checkedEphotoCode(` ${CODE.slice(0, 4).toLowerCase()}-${CODE.slice(4)} `), CODE);
  assert.throws(
    () => checkedEphotoCode(CODE.slice(1)),
    (e: unknown) => e instanceof EphotoRefused && e.reason === 'format',
  );
  assert.throws(
    () => checkedEphotoCode(`${CODE.slice(0, 21)}${CODE[21] === 'A' ? 'B' : 'A'}`),
    (e: unknown) => e instanceof EphotoRefused && e.reason === 'check' && /contrôle/.test(e.messageFr),
  );
});
