/** The one tablet-to-pixel mapping: uniform scale, centred; ink width; strokes of a point stream. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullPressureWidth, inkWidth, placeTablet, splitStrokes, toPixels } from './drawing';

describe('signature drawing', () => {
  it('places a 16:10 pad in a 2:1 view at one scale, centred across', () => {
    const placement = placeTablet({ maxX: 9600, maxY: 6000 }, { width: 600, height: 300 });
    assert.deepEqual(placement, { scale: 0.05, dx: 60, dy: 0 });
    assert.deepEqual(toPixels(placement, { x: 0, y: 0 }), { x: 60, y: 0 });
    assert.deepEqual(toPixels(placement, { x: 9600, y: 6000 }), { x: 540, y: 300 });
    // A square stays square: 1000 tablet units are as many pixels across as down.
    const a = toPixels(placement, { x: 1000, y: 1000 });
    const b = toPixels(placement, { x: 2000, y: 2000 });
    assert.equal(b.x - a.x, b.y - a.y);
  });

  it('centres a wide pad vertically in a taller view', () => {
    assert.deepEqual(placeTablet({ maxX: 2000, maxY: 500 }, { width: 400, height: 400 }), {
      scale: 0.2,
      dx: 0,
      dy: 150,
    });
    assert.throws(() => placeTablet({ maxX: 0, maxY: 10 }, { width: 10, height: 10 }), RangeError);
  });

  it('widens the ink with the pressure, within 40 % and 100 % of the pen', () => {
    const pen = fullPressureWidth({ width: 600, height: 300 });
    assert.equal(pen, 2.4);
    assert.equal(inkWidth(0, pen), pen * 0.4);
    assert.equal(inkWidth(1, pen), pen);
    assert.equal(inkWidth(7, pen), pen);
    assert.equal(fullPressureWidth({ width: 100, height: 50 }), 1.5);
  });

  it('splits a point stream into the runs with the pen down', () => {
    const down = [true, true, false, false, true, false, true, true, true].map((d, i) => ({ i, d }));
    assert.deepEqual(
      splitStrokes(down, (p) => p.d).map((s) => s.map((p) => p.i)),
      [[0, 1], [4], [6, 7, 8]],
    );
    assert.deepEqual(
      splitStrokes([], () => true),
      [],
    );
  });
});
