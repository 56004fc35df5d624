import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { builtInConfiguration, ConfigDocument, ConfigDocumentFile, compareFirmware } from './config-document';
import { TITLE_FEE_RATES } from './title-fees';

const sampleDocument = {
  version: 3,
  issuedAt: '2026-12-08T09:00:00Z',
  openingHours: { mon: ['08:30-12:00', '13:30-17:30'] },
  reasons: [
    { code: 'first', label: 'Première demande' },
    { code: 'loss', label: 'Perte' },
  ],
  titleTypes: ['passport'],
  taxStampRates: { ...TITLE_FEE_RATES, passportAdultCents: 9000 },
  freezeDays: 5,
  firmwareMinimums: [{ kind: 'signature', model: 'STU-540', minVersion: '2.1' }],
};

test('a configuration document parses, with the opening hours defaults filled', () => {
  const parsed = ConfigDocument.parse(sampleDocument);
  assert.equal(parsed.version, 3);
  assert.deepEqual(parsed.openingHours?.mon, ['08:30-12:00', '13:30-17:30']);
  assert.deepEqual(parsed.openingHours?.sat, []);
  assert.equal(parsed.thresholds, undefined);
  assert.equal(parsed.taxStampRates.passportAdultCents, 9000);
});

test('each problem is named by its path', () => {
  const result = ConfigDocument.safeParse({
    ...sampleDocument,
    version: 0,
    reasons: [...sampleDocument.reasons, { code: 'first', label: 'encore' }],
    titleTypes: ['passport', 'visa'],
    taxStampRates: { ...TITLE_FEE_RATES, idCardLossOrTheftCents: 25.5 },
    colour: 'blue',
  });
  assert.equal(result.success, false);
  const paths = result.error!.issues.map((i) => i.path.join('.')).sort();
  assert.deepEqual(paths, [
    '',
    'reasons.2',
    'taxStampRates.idCardLossOrTheftCents',
    'titleTypes.1',
    'version',
  ]);
});

test('the file form may leave issuedAt out; the signed form may not', () => {
  const { issuedAt: _, ...file } = sampleDocument;
  assert.equal(ConfigDocumentFile.safeParse(file).success, true);
  assert.equal(ConfigDocument.safeParse(file).success, false);
});

test('the built-in configuration is version 0 with the built-in rates and every title type', () => {
  const builtIn = builtInConfiguration(7);
  assert.equal(builtIn.version, 0);
  assert.deepEqual(builtIn.taxStampRates, TITLE_FEE_RATES);
  assert.deepEqual(builtIn.titleTypes, ['passport', 'id-card']);
  assert.equal(builtIn.freezeDays, 7);
  // everything but the version is a valid document
  assert.equal(ConfigDocument.safeParse({ ...builtIn, version: 1 }).success, true);
});

test('firmware versions compare numerically, part by part', () => {
  assert.equal(compareFirmware('2.10.1', '2.9'), 1);
  assert.equal(compareFirmware('2.1', '2.1.0'), 0);
  assert.equal(compareFirmware('1.9.9', '2'), -1);
});

test('fuzz: any JSON value is either a document or cleanly refused, never a throw', () => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), fc.constant(sampleDocument)), (value) => {
      const result = ConfigDocument.safeParse(value);
      if (result.success) assert.equal(typeof result.data.version, 'number');
      else assert.ok(result.error.issues.length > 0);
    }),
    { numRuns: 500 },
  );
  // mutations of a valid document: one field replaced by any JSON value
  const keys = Object.keys(sampleDocument) as (keyof typeof sampleDocument)[];
  fc.assert(
    fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
      const result = ConfigDocument.safeParse({ ...sampleDocument, [key]: value });
      if (!result.success) assert.ok(result.error.issues.every((i) => i.path[0] === key));
    }),
    { numRuns: 500 },
  );
});
