/**
 * Fuzz of the configuration parsers a technician's file goes through: the station configuration
 * (`parseConfig`, and `loadConfigFile` on raw bytes), the station's sync section as the sync host
 * reads it (`parseStationFile`) and the reference central server's (`parseCentralConfig`). On any
 * input each one either returns a configuration or throws its own error type listing the problems
 * (never a TypeError, a RangeError or a bare zod error), and a valid file with one value replaced,
 * one key removed or an unknown key added is either still valid or refused naming that key.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CentralConfigError, parseCentralConfig, provisionDemo } from '../../central/api';
import { ConfigError, loadConfigFile, parseConfig } from '../../main/services/config';
import { parseStationFile, StationFileError } from '../../sync/config/station-file';
import { FAST_SCRYPT } from './fixtures/sync-env';

const RUNS = 500;
let dir: string;
let station: Record<string, unknown>;
let central: Record<string, unknown>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recueil-config-fuzz-'));
  const demo = await provisionDemo(dir, { scryptCost: FAST_SCRYPT });
  station = JSON.parse(readFileSync(demo.stationConfig, 'utf8'));
  central = JSON.parse(readFileSync(demo.centralConfig, 'utf8'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

type Parser = (raw: unknown) => unknown;
const parsers: [string, () => Record<string, unknown>, Parser, new (...args: never[]) => Error][] = [
  ['station configuration', () => station, (raw) => parseConfig(raw, 'fuzz.json', dir), ConfigError],
  ['station sync section', () => station, (raw) => parseStationFile(raw, 'fuzz.json', dir), StationFileError],
  [
    'central configuration',
    () => central,
    (raw) => parseCentralConfig(raw, 'fuzz.json', dir),
    CentralConfigError,
  ],
];

/** Returns normally or throws `expected` with a non-empty message; anything else fails the property. */
function acceptsOrRefuses(
  parse: Parser,
  expected: new (...args: never[]) => Error,
  raw: unknown,
): string | undefined {
  try {
    parse(raw);
    return undefined;
  } catch (error) {
    if (!(error instanceof expected)) throw error;
    assert.ok(error.message.length > 0);
    return error.message;
  }
}

/** Every path to a value in a JSON object (keys of objects, indexes of arrays). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'add'; key: string; value: unknown };

function mutate(base: unknown, path: (string | number)[], mutation: Mutation): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : copy;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (mutation.kind === 'replace') parent[last] = mutation.value;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, unknown>)[mutation.key] = mutation.value;
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.string({ minLength: 1, maxLength: 12 }),
    value: fc.jsonValue({ maxDepth: 1 }),
  }),
);

describe('configuration parsers under fuzz', () => {
  for (const [name, valid, parse, expected] of parsers) {
    it(`${name}: any JSON value is accepted or refused with its own error (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (raw) => {
          acceptsOrRefuses(parse, expected, raw);
        }),
        { numRuns: RUNS, seed: 11 },
      );
    });

    it(`${name}: a valid file with one change is still valid or refused naming the key (${RUNS} runs)`, () => {
      const base = valid();
      assert.equal(acceptsOrRefuses(parse, expected, base), undefined, 'the unchanged file is valid');
      const all = paths(base).filter((p) => p.length > 0);
      fc.assert(
        fc.property(fc.constantFrom(...all), mutation, (path, change) => {
          const message = acceptsOrRefuses(parse, expected, mutate(base, path, change));
          if (message === undefined) return;
          // The refusal names the changed key or one of its parents (or the added key).
          const named = path.filter((k) => typeof k === 'string') as string[];
          const candidates = change.kind === 'add' ? [...named, change.key] : named;
          assert.ok(
            candidates.some((key) => message.includes(key)) || message.includes('(root)'),
            `refusal of ${path.join('.')} (${change.kind}) names no key: ${message}`,
          );
        }),
        { numRuns: RUNS, seed: 12 },
      );
    });
  }

  it(`station configuration file: arbitrary bytes are refused with ConfigError (${RUNS / 5} runs)`, () => {
    const file = join(dir, 'fuzz-station.json');
    const text = JSON.stringify(station);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
          fc
            .tuple(fc.nat({ max: text.length }), fc.nat({ max: 40 }), fc.string({ maxLength: 8 }))
            .map(([at, cut, insert]) => Buffer.from(text.slice(0, at) + insert + text.slice(at + cut))),
        ),
        (bytes) => {
          writeFileSync(file, bytes);
          acceptsOrRefuses(() => loadConfigFile(file), ConfigError, undefined);
        },
      ),
      { numRuns: RUNS / 5, seed: 13 },
    );
  });
});
