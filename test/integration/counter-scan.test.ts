/**
 * The counter's scan path with real host processes: the simulated HID POS reader in the device host
 * scans a 2D-DOC, the station classifies and verifies it against its configured trust list and
 * publishes `counter.scan`; typed codes go through `counter.classify`. No agent session: commands are
 * refused and scans dropped (a proof's name and address are shown to a signed-in agent only).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CounterScan } from '../../main/contract/counter';
import { parseConfig } from '../../main/services/config';
import type { Station } from '../../main/services/station';
import { makeTestAuthority, sampleProofOfAddress } from '../../models/documents/twoddoc/twoddoc.testing';
import { documentImage } from '../../models/imaging/barcode.testing';
import { signInAs, startTestStation } from '../support/station';

function nextScan(station: Station): Promise<CounterScan> {
  return new Promise((resolve) => {
    const stop = station.bus.on('counter.scan', (scan) => {
      stop();
      resolve(scan);
    });
  });
}

describe('counter scans (barcode reader -> classified code)', async () => {
  const ta = await makeTestAuthority();
  const dir = mkdtempSync(join(tmpdir(), 'recueil-counter-'));
  const trustDir = join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(join(trustDir, 'FR99_T001.pem'), ta.certificatePem);
  const config = parseConfig(
    {
      station: { id: 'DR-DEMO-0001', townHall: { name: 'Mairie de démonstration', inseeCode: '75056' } },
      dataDir: join(dir, 'data'),
      devices: { mode: 'simulated', simulated: ['card-reader', 'barcode-reader'] },
      counter: { twoDDocTrust: trustDir },
    },
    'test',
    dir,
  );
  let station: Station;

  before(async () => {
    station = await startTestStation(config);
  });
  after(async () => {
    await station.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the counter commands without an agent session', async () => {
    for (const [command, payload] of [
      ['counter.simulateScan', { content: '7AB2C9D4E1' }],
      ['counter.classify', { text: '7AB2C9D4E1' }],
      ['counter.lastScan', {}],
    ] as const) {
      const refused = await station.dispatch(command, payload);
      assert.equal(!refused.ok && refused.error.code, 'SESSION_REQUIRED', command);
    }
  });

  it('verifies a scanned 2D-DOC, recognises a scanned pre-application number, keeps the last scan', async () => {
    await signInAs(station, 'agent');
    assert.deepEqual(await station.dispatch('counter.lastScan', {}), { ok: true, value: null });

    let scanned = nextScan(station);
    const proof = sampleProofOfAddress(ta);
    const asked = await station.dispatch('counter.simulateScan', { content: proof });
    assert.ok(asked.ok, JSON.stringify(asked));
    let scan = await scanned;
    assert.deepEqual([scan.source, scan.symbology], ['reader', 'datamatrix']);
    assert.equal(scan.code.kind, '2ddoc');
    if (scan.code.kind === '2ddoc') {
      assert.equal(scan.code.proof.verdict, 'authentic');
      assert.equal(scan.code.proof.fields['25'], 'LYON');
      assert.match(scan.code.proof.labels['25'] ?? '', /Localité/);
    }

    scanned = nextScan(station);
    await station.dispatch('counter.simulateScan', { content: proof.replace('LYON', 'NICE') });
    scan = await scanned;
    assert.equal(scan.code.kind === '2ddoc' && scan.code.proof.verdict, 'altered');

    scanned = nextScan(station);
    await station.dispatch('counter.simulateScan', { content: '7AB2C9D4E1', symbology: 'qr' });
    scan = await scanned;
    assert.deepEqual([scan.symbology, scan.code], ['qr', { kind: 'pre-application', number: '7AB2C9D4E1' }]);
    const lastScan = await station.dispatch('counter.lastScan', {});
    assert.deepEqual(lastScan.ok && (lastScan.value as CounterScan | null)?.code, {
      kind: 'pre-application',
      number: '7AB2C9D4E1',
    });
  });

  it('classifies what the agent types, and says in French what is not a counter code', async () => {
    const classify = async (text: string) => {
      const answer = await station.dispatch('counter.classify', { text });
      assert.ok(answer.ok, JSON.stringify(answer));
      return answer.value as CounterScan;
    };
    const stamp = await classify('1234 5678 9012 3456');
    assert.deepEqual(
      [stamp.source, stamp.code],
      ['typed', { kind: 'tax-stamp', number: '1234567890123456' }],
    );
    const other = await classify('bonjour');
    assert.equal(other.code.kind, 'unreadable');
    assert.match(other.code.kind === 'unreadable' ? other.code.message : '', /Code non reconnu/);
  });

  it('reads the 2D-DOC of a photographed proof (camera or flatbed fallback), and says why a picture is unusable', async () => {
    const photo = await documentImage(sampleProofOfAddress(ta), { rotate: 10, blur: 0.7, quality: 70 });
    const answer = await station.dispatch('counter.classifyImage', { imageBase64: photo.toString('base64') });
    assert.ok(answer.ok, JSON.stringify(answer));
    const scan = answer.value as CounterScan;
    assert.deepEqual([scan.source, scan.symbology], ['picture', 'datamatrix']);
    assert.equal(scan.code.kind === '2ddoc' && scan.code.proof.verdict, 'authentic');
    const letter = await station.dispatch('counter.classifyImage', {
      imageBase64: Buffer.from('Madame, Monsieur,').toString('base64'),
    });
    assert.equal(!letter.ok && letter.error.code, 'INVALID_IMAGE');
    assert.match(!letter.ok ? letter.error.message : '', /n’est pas une image/);
  });
});
