import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rotatedBox } from './rotated-box';

test('the box of a rectangle turned by the same angle is the rectangle itself', () => {
  const angle = Math.PI / 6;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // A 40 x 10 rectangle centred on (100, 50), its long side along `angle`.
  const corners = [
    [-20, -5],
    [20, -5],
    [20, 5],
    [-20, 5],
  ].map(([u, v]) => ({ x: 100 + u! * c - v! * s, y: 50 + u! * s + v! * c }));
  const box = rotatedBox(corners, angle);
  assert.ok(Math.abs(box.width - 40) < 1e-9 && Math.abs(box.height - 10) < 1e-9, JSON.stringify(box));
  assert.ok(Math.abs(box.centre.x - 100) < 1e-9 && Math.abs(box.centre.y - 50) < 1e-9);
  // Seen unturned, the same corners span a larger box.
  const upright = rotatedBox(corners, 0);
  assert.ok(upright.width * upright.height > 400);
});
