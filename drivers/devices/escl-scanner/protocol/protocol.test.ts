import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameError } from '../../../core/errors';
import { simulatorCapabilities } from '../simulator/server';
import { capabilitiesXml, parseCapabilities } from './capabilities';
import { parseScanSettings, type ScanSettings, scanSettingsXml, settingsConflict } from './settings';
import { parseScannerStatus, scannerStatusXml } from './status';

/** A capabilities document as a real scanner words it (other prefixes, Ext formats, two profiles). */
const VENDOR_CAPS = `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm" xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03">
  <pwg:Version>2.5</pwg:Version><pwg:MakeAndModel>Canon TS5300 series &amp; co</pwg:MakeAndModel>
  <scan:Platen><scan:PlatenInputCaps>
    <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2551</scan:MaxWidth>
    <scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>
    <scan:SettingProfiles>
      <scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
        <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat></scan:DocumentFormats>
        <scan:SupportedResolutions><scan:DiscreteResolutions>
          <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
        </scan:DiscreteResolutions></scan:SupportedResolutions>
      </scan:SettingProfile>
      <scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>
        <scan:DocumentFormats><scan:DocumentFormatExt>application/pdf</scan:DocumentFormatExt></scan:DocumentFormats>
        <scan:SupportedResolutions><scan:DiscreteResolutions>
          <scan:DiscreteResolution><scan:XResolution>600</scan:XResolution><scan:YResolution>600</scan:YResolution></scan:DiscreteResolution>
          <scan:DiscreteResolution><scan:XResolution>1200</scan:XResolution><scan:YResolution>600</scan:YResolution></scan:DiscreteResolution>
        </scan:DiscreteResolutions></scan:SupportedResolutions>
      </scan:SettingProfile>
    </scan:SettingProfiles>
  </scan:PlatenInputCaps></scan:Platen>
</scan:ScannerCapabilities>`;

describe('eSCL ScannerCapabilities', () => {
  it('reads a vendor document: merged profiles, entities decoded, anisotropic resolutions left out', () => {
    const caps = parseCapabilities(VENDOR_CAPS);
    assert.equal(caps.makeAndModel, 'Canon TS5300 series & co');
    assert.deepEqual(caps.platen.resolutions, [300, 600]);
    assert.deepEqual(caps.platen.colorModes, ['RGB24', 'Grayscale8']);
    assert.deepEqual(caps.platen.documentFormats, ['image/jpeg', 'application/pdf']);
    assert.equal(caps.platen.maxWidth, 2551);
  });

  it('round-trips the simulator’s document', () => {
    const caps = simulatorCapabilities();
    assert.deepEqual(parseCapabilities(capabilitiesXml(caps)), caps);
  });

  it('refuses a scanner without a platen, a DOCTYPE, malformed XML and oversized documents', () => {
    const noPlaten = VENDOR_CAPS.replace(/<scan:Platen>[\s\S]*<\/scan:Platen>/, '');
    for (const bad of [
      noPlaten,
      `<!DOCTYPE x [<!ENTITY a "aaaa">]>${VENDOR_CAPS.slice(39)}`,
      VENDOR_CAPS.slice(0, 500),
      VENDOR_CAPS.replace('<scan:MaxWidth>2551', '<scan:MaxWidth>-5'),
      `<a>${'x'.repeat(300 * 1024)}</a>`,
      '',
    ])
      assert.throws(() => parseCapabilities(bad), FrameError);
  });
});

describe('eSCL ScanSettings and ScannerStatus', () => {
  const settings: ScanSettings = {
    version: '2.63',
    intent: 'Photo',
    inputSource: 'Platen',
    colorMode: 'RGB24',
    documentFormat: 'image/jpeg',
    xResolution: 600,
    yResolution: 600,
    region: { xOffset: 0, yOffset: 0, width: 1240, height: 1748 },
  };

  it('round-trips settings and tells which the scanner would refuse (409)', () => {
    assert.deepEqual(parseScanSettings(scanSettingsXml(settings)), settings);
    const caps = simulatorCapabilities();
    assert.equal(settingsConflict(settings, caps), undefined);
    assert.match(
      settingsConflict({ ...settings, xResolution: 1200, yResolution: 1200 }, caps) ?? '',
      /resolution/,
    );
    assert.match(settingsConflict({ ...settings, inputSource: 'Feeder' }, caps) ?? '', /source/);
    assert.match(
      settingsConflict(
        { ...settings, region: { xOffset: 2000, yOffset: 0, width: 1240, height: 100 } },
        caps,
      ) ?? '',
      /beyond/,
    );
  });

  it('round-trips a status with its jobs and refuses an unknown state', () => {
    const status = {
      state: 'Processing' as const,
      jobs: [
        { uri: '/eSCL/ScanJobs/1', uuid: '1', state: 'Processing', imagesCompleted: 0, imagesToTransfer: 1 },
      ],
    };
    assert.deepEqual(parseScannerStatus(scannerStatusXml(status)), status);
    assert.throws(
      () => parseScannerStatus(scannerStatusXml(status).replace('Processing', 'Exploding')),
      FrameError,
    );
  });
});

describe('eSCL XML parsing fuzz', () => {
  const parsers = [parseCapabilities, parseScanSettings, parseScannerStatus];
  const documents = [
    VENDOR_CAPS,
    capabilitiesXml(simulatorCapabilities()),
    scannerStatusXml({ state: 'Idle', jobs: [] }),
  ];

  it('never throws anything but FrameError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(2), (text, which) => {
        try {
          parsers[which]!(text);
        } catch (error) {
          assert.ok(error instanceof FrameError, String(error));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but FrameError on mutated real documents', () => {
    fc.assert(
      fc.property(
        fc.nat(documents.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ maxLength: 12 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(2),
        (doc, edits, which) => {
          let text = documents[doc]!;
          for (const [at, cut, insert] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + cut);
          }
          try {
            const parsed = parsers[which]!(text);
            assert.equal(typeof parsed, 'object');
          } catch (error) {
            assert.ok(error instanceof FrameError, String(error));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
