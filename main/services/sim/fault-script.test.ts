/**
 * The fault script parser: what a bench author writes is accepted as written, and anything else is
 * refused with a FaultScriptError that names the entry and the field, never another exception
 * (fuzzed with fast-check).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FAULT_KINDS, FaultScriptError, parseFaultScript } from './fault-script';

const open = { start: 9 * 60, end: 17 * 60 };

describe('fault script', () => {
  it('reads each fault with its start minute', () => {
    const faults = parseFaultScript(
      JSON.stringify([
        { at: '09:00', fault: 'device-unplugged', device: 'sim-uvc-camera', minutes: 10 },
        { at: '16:59', fault: 'central-down', minutes: 120 },
      ]),
      'f.json',
      open,
    );
    assert.deepEqual(faults, [
      { index: 0, at: '09:00', start: 540, fault: 'device-unplugged', device: 'sim-uvc-camera', minutes: 10 },
      { index: 1, at: '16:59', start: 1019, fault: 'central-down', minutes: 120 },
    ]);
  });

  it('lists every problem of every entry at once', () => {
    assert.throws(
      () =>
        parseFaultScript(
          JSON.stringify([
            { at: '08:59', fault: 'disk-low', minutes: 1 },
            { at: '10:00', fault: 'host-crash', device: 'sim-uvc-camera', minutes: 1.5 },
            7,
          ]),
          'f.json',
          open,
        ),
      (error: Error) => {
        assert.ok(error instanceof FaultScriptError);
        assert.match(error.message, /^f\.json: /);
        assert.match(
          error.message,
          /entry 0 \(at "08:59"\): "at": 08:59 is outside the opening hours 09:00-17:00/,
        );
        assert.match(error.message, /entry 1 \(at "10:00"\): "minutes": expected a whole number/);
        assert.match(error.message, /entry 2: expected an object/);
        return true;
      },
    );
    assert.throws(() => parseFaultScript('[{', 'f.json', open), /f\.json: not valid JSON/);
    assert.throws(
      () =>
        parseFaultScript(
          JSON.stringify([{ at: '10:00', fault: 'disk-low', device: 'x', minutes: 2 }]),
          'f',
          open,
        ),
      /entry 0 \(at "10:00"\): "device": only for device-unplugged, not for disk-low/,
    );
  });

  it('accepts or refuses any input cleanly (fuzz)', () => {
    const entry = fc.record(
      {
        at: fc.oneof(fc.string(), fc.constantFrom('09:00', '12:30', '16:59', '17:00', '24:00')),
        fault: fc.oneof(fc.string(), fc.constantFrom(...FAULT_KINDS)),
        device: fc.oneof(fc.string(), fc.constant('sim-uvc-camera')),
        minutes: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double(), fc.string()),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.oneof(entry, fc.anything()), { maxLength: 6 }), fc.anything()),
        (value) => {
          const text = JSON.stringify(value) ?? 'undefined';
          try {
            const faults = parseFaultScript(text, 'f', open);
            for (const f of faults) {
              assert.ok(f.start >= open.start && f.start < open.end);
              assert.ok(Number.isInteger(f.minutes) && f.minutes >= 1 && f.minutes <= 1440);
              assert.equal(f.device !== undefined, f.fault === 'device-unplugged');
            }
          } catch (error) {
            assert.ok(error instanceof FaultScriptError, String(error));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
