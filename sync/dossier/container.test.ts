import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { CONTAINER_MAGIC, DossierFormatError, parseDossier, serializeDossier } from './container';
import { sampleDossier } from './dossier.testing';
import { createDossier, type Dossier, DossierValidationError, jsonPart } from './model';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const small = () => sampleDossier({ imageBytes: 4096 });

test('the manifest lists every part with its media type, size and SHA-256 of its bytes', () => {
  const dossier = small();
  const { manifest } = serializeDossier(dossier);
  assert.deepEqual(
    manifest.map((entry) => entry.name),
    dossier.parts.map((part) => part.name),
  );
  for (const [index, entry] of manifest.entries()) {
    const part = dossier.parts[index]!;
    assert.equal(entry.mediaType, part.mediaType);
    assert.equal(entry.size, part.bytes.length);
    assert.equal(entry.sha256, sha(part.bytes));
  }
});

test('serialization is canonical and round-trips', () => {
  const dossier = small();
  const first = serializeDossier(dossier);
  const again = serializeDossier({ ...dossier, parts: dossier.parts.map((part) => ({ ...part })) });
  assert.deepEqual(Buffer.from(again.bytes), Buffer.from(first.bytes));
  assert.equal(first.sha256, sha(first.bytes));
  assert.deepEqual(Buffer.from(first.bytes.subarray(0, 8)), Buffer.from(CONTAINER_MAGIC));

  const parsed = parseDossier(first.bytes);
  assert.equal(parsed.dossier.id, dossier.id);
  assert.deepEqual(parsed.manifest, first.manifest);
  assert.deepEqual(
    parsed.dossier.parts.map((part) => Buffer.from(part.bytes).toString('hex')),
    dossier.parts.map((part) => Buffer.from(part.bytes).toString('hex')),
  );
});

test('a flipped part byte is caught by the manifest hash', () => {
  const { bytes } = serializeDossier(small());
  const tampered = Uint8Array.from(bytes);
  tampered[tampered.length - 1]! ^= 0x01;
  assert.throws(() => parseDossier(tampered), DossierValidationError);
});

test('a manifest that lies about a hash, trailing bytes, truncation and bad magic are rejected', () => {
  const dossier = small();
  const { bytes } = serializeDossier(dossier);
  const headerLength = new DataView(bytes.buffer).getUint32(8);
  const header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + headerLength)).toString('utf8'));
  header.manifest[0].sha256 = '0'.repeat(64);
  const lyingHeader = Buffer.from(JSON.stringify(header));
  const lying = Buffer.concat([
    bytes.subarray(0, 8),
    Buffer.alloc(4),
    lyingHeader,
    bytes.subarray(12 + headerLength),
  ]);
  lying.writeUInt32BE(lyingHeader.length, 8);
  assert.throws(() => parseDossier(lying), DossierValidationError);

  assert.throws(() => parseDossier(Buffer.concat([bytes, Buffer.from([0])])), DossierFormatError);
  assert.throws(() => parseDossier(bytes.subarray(0, bytes.length - 1)), DossierFormatError);
  const badMagic = Uint8Array.from(bytes);
  badMagic[7] = 0x02;
  assert.throws(() => parseDossier(badMagic), DossierFormatError);
});

test('a non-canonical header is rejected even when its content is right', () => {
  const { bytes } = serializeDossier(small());
  const headerLength = new DataView(bytes.buffer).getUint32(8);
  const header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + headerLength)).toString('utf8'));
  const pretty = Buffer.from(JSON.stringify(header, null, 1));
  const container = Buffer.concat([
    bytes.subarray(0, 8),
    Buffer.alloc(4),
    pretty,
    bytes.subarray(12 + headerLength),
  ]);
  container.writeUInt32BE(pretty.length, 8);
  assert.throws(() => parseDossier(container), /canonical/);
});

test('invalid dossiers are refused at creation', () => {
  const base = { kind: 'application' as const, stationId: 'S1', agentId: 'A1' };
  const png = { name: 'portrait', mediaType: 'image/png', bytes: new Uint8Array([1, 2, 3]) };
  assert.throws(() => createDossier({ ...base, parts: [] }), DossierValidationError);
  assert.throws(() => createDossier({ ...base, parts: [png, png] }), /duplicate part/);
  assert.throws(() => createDossier({ ...base, parts: [{ ...png, name: 'selfie' }] }), /unknown part name/);
  assert.throws(() => createDossier({ ...base, parts: [{ ...png, mediaType: 'text/plain' }] }), /media type/);
  assert.throws(
    () =>
      createDossier({ ...base, parts: [jsonPart('fingerprints.quality', { fingers: [{ finger: 'toe' }] })] }),
    DossierValidationError,
  );
  assert.throws(() => createDossier({ ...base, stationId: '../etc', parts: [png] }), /invalid identifier/);
  const ok: Dossier = createDossier({ ...base, parts: [png] });
  assert.equal(ok.schemaVersion, 1);
  assert.equal(ok.createdAt, ok.updatedAt);
});

test('a part whose declared SHA-256 does not match its bytes is refused by serialization', () => {
  const dossier = small();
  const broken = {
    ...dossier,
    parts: dossier.parts.map((p, i) => (i === 0 ? { ...p, sha256: 'f'.repeat(64) } : p)),
  };
  assert.throws(() => serializeDossier(broken), /hash mismatch/);
});

test('the configuration version in force travels in the dossier header and round-trips', () => {
  const dossier = { ...small(), configVersion: 7 };
  const parsed = parseDossier(serializeDossier(dossier).bytes).dossier;
  assert.equal(parsed.configVersion, 7);
  assert.equal(parseDossier(serializeDossier(small()).bytes).dossier.configVersion, undefined);
});
