import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { descriptors } from '../core/descriptor';
import { renderUdevRules, udevEntries } from './udev-rules';

describe('udev rules from the ID tables', () => {
  it('covers every USB id of the descriptors, once, for the station group', () => {
    const entries = udevEntries();
    for (const d of [descriptors.wacomStu540, descriptors.wacomStu430]) {
      for (const id of d.usb)
        assert.ok(entries.some((e) => e.id.vendorId === id.vendorId && e.id.productId === id.productId));
    }
    const keys = entries.map((e) => `${e.subsystem}:${e.id.vendorId}:${e.id.productId}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicate rule');
  });

  it('renders valid hidraw rules with mode, group and symlink', () => {
    const rules = renderUdevRules();
    assert.match(
      rules,
      /KERNEL=="hidraw\*", SUBSYSTEM=="hidraw", ATTRS\{idVendor\}=="056a", ATTRS\{idProduct\}=="00a8", MODE="0660", GROUP="recueil", SYMLINK\+="recueil\/wacom-stu-540"/,
    );
    assert.match(rules, /idProduct\}=="00af"/, 'the whole STU range the driver accepts');
    assert.doesNotMatch(rules, /MODE="0666"/, 'never world-writable');
    assert.match(
      rules,
      /KERNEL=="hidraw\*", SUBSYSTEM=="hidraw", ATTRS\{idVendor\}=="0c2e", MODE="0660", GROUP="recueil", SYMLINK\+="recueil\/hid-pos-scanner-%k"/,
      'HID POS scanners: the whole vendor, matched on the usage page by the driver',
    );
  });
});
