import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DeviceError } from '../../../core/errors';
import { createEacTestPki } from '../cvc/test-pki';
import { decodeFingerImage } from '../lds/dg3';
import { icaoPaceG1 } from '../protocols/vectors';
import { ChipReadError } from '../reader/chip-errors';
import { type ChipProgress, readChip } from '../reader/read-chip';
import { queuedRandom } from '../testing/replay-channel';
import { fromHex, hex, set } from '../tlv/asn1';
import { CnieSimulator } from './cnie-simulator';
import { type CniePersonalisation, personaliseCnie } from './personalisation';
import { createSimulatedCnieBus, SIMULATED_READER } from './sim-setup';

let base: CniePersonalisation;
before(async () => {
  base = await personaliseCnie({ fingerSize: { width: 128, height: 160 } });
});

describe('CNIe simulator: chip side of ICAO 9303-11 App. G.1', () => {
  it('answers the G.1 PACE commands byte for byte when seeded with the G.1 chip keys', () => {
    const g1 = icaoPaceG1;
    const personalisation = { ...base, masterFiles: new Map([['011C', set(fromHex(g1.paceInfo))]]) };
    const chip = new CnieSimulator({
      personalisation,
      mrz: g1.mrz,
      random: queuedRandom([g1.nonce, g1.chipMapKey, g1.chipKey]),
    });
    for (const { command, response } of g1.apdus) assert.equal(hex(chip.process(fromHex(command))), response);
  });
});

describe('reading the simulated CNIe in-process (PACE → CA → TA → DG1/DG2/DG3 → PA)', () => {
  it('reads everything and every check is green', async () => {
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    const channel = await sim.bus.connect(sim.readerName);
    const progress: ChipProgress[] = [];
    const result = await readChip({
      channel,
      can: sim.can,
      trustStore: sim.trustStore,
      signer: sim.signer,
      onProgress: (p) => progress.push(p),
    });
    assert.equal(result.accessControl, 'PACE');
    assert.equal(result.paceProtocol, '0.4.0.127.0.7.2.2.4.2.4');
    assert.ok(result.chipAuthentication.ok);
    assert.ok(result.terminalAuthentication.ok);
    assert.equal(result.terminalAuthentication.rights, 0x01);
    assert.deepEqual(
      result.verdict.checks.filter((c) => !c.ok),
      [],
    );
    assert.ok(result.verdict.ok);
    assert.deepEqual(
      result.passiveAuthentication.dataGroups,
      [1, 2, 3, 14].map((dg) => ({ dg, hashOk: true })),
    );
    assert.equal(result.dg1?.primaryIdentifier, 'MARTIN');
    assert.equal(result.dg1?.checkDigitsOk, true);
    assert.equal(result.dg2?.images[0]?.format, 'jpeg');
    assert.equal(result.dg3?.fingers.length, 2);
    assert.deepEqual(
      result.dg3?.fingers.map((f) => [f.position, f.format, f.ppi]),
      [
        ['right-index', 'wsq', 500],
        ['left-index', 'wsq', 500],
      ],
    );
    const pixels = decodeFingerImage(result.dg3!.fingers[0]!);
    assert.equal(pixels.width, 128);
    assert.deepEqual(
      [...new Set(progress.map((p) => p.label))],
      ['Accès PACE', 'Lecture des données', 'Authentification'],
    );
    assert.ok(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1]!.fraction));
  });

  it('without a terminal signer: reads DG1/DG2, proves the chip with CA, and never gets DG3', async () => {
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    const result = await readChip({
      channel: await sim.bus.connect(sim.readerName),
      can: sim.can,
      trustStore: sim.trustStore,
    });
    assert.equal(result.dg3, undefined);
    assert.ok(result.chipAuthentication.ok);
    assert.equal(result.terminalAuthentication.performed, false);
    assert.ok(result.passiveAuthentication.ok);
  });

  it('a wrong CAN gives a French operator error with the tries left, then suspension, then the right CAN works', async () => {
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    const attempt = async (can: string) =>
      readChip({ channel: await sim.bus.connect(sim.readerName), can, trustStore: sim.trustStore });
    await assert.rejects(attempt('654321'), (e: ChipReadError) => {
      assert.equal(e.code, 'CHIP_WRONG_CAN');
      assert.equal(e.kind, 'operator');
      assert.match(e.prompt!, /CAN saisi ne correspond pas.*il reste 2 essais/);
      return true;
    });
    assert.equal(sim.chip.canTriesRemaining, 2);
    // Same session (no reset between exchanges of one connection): connect() resets the card, so
    // use one channel for two attempts to see the suspension.
    const channel = await sim.bus.connect(sim.readerName);
    await assert.rejects(
      readChip({ channel, can: '111111' }),
      (e: ChipReadError) => e.code === 'CHIP_WRONG_CAN' && /1 essai\)/.test(e.prompt!),
    );
    await assert.rejects(
      readChip({ channel, can: sim.can }),
      (e: ChipReadError) => e.code === 'CHIP_CAN_SUSPENDED' && /retirez la carte/.test(e.prompt!),
    );
    // Taking the card off and back lifts the suspension; the right CAN restores the counter.
    const result = await attempt(sim.can);
    assert.ok(result.passiveAuthentication.ok);
    assert.equal(sim.chip.canTriesRemaining, 3);
    assert.equal(sim.chip.counters.wrongCan, 2);
  });

  it('a card removed mid-read resumes without re-reading the verified files', async () => {
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    // Take the card away in the middle of DG2.
    let removeAt = 0;
    const original = sim.chip.process.bind(sim.chip);
    sim.chip.process = (apdu: Uint8Array) => {
      const response = original(apdu);
      if (removeAt > 0 && sim.chip.counters.apdus === removeAt) sim.control.removeCard(SIMULATED_READER);
      return response;
    };
    const first = await readChip({
      channel: await sim.bus.connect(sim.readerName),
      can: sim.can,
      trustStore: sim.trustStore,
      signer: sim.signer,
    });
    const fullApdus = first.stats.apdus;
    sim.control.insertCard(SIMULATED_READER, sim.chip);
    sim.chip.counters.apdus = 0;
    removeAt = Math.floor(fullApdus * 0.5);
    let failure: ChipReadError | undefined;
    try {
      await readChip({
        channel: await sim.bus.connect(sim.readerName),
        can: sim.can,
        trustStore: sim.trustStore,
        signer: sim.signer,
      });
    } catch (error) {
      failure = error as ChipReadError;
    }
    assert.ok(failure instanceof ChipReadError);
    assert.ok(failure instanceof DeviceError);
    assert.equal(failure.code, 'CHIP_CARD_REMOVED');
    assert.match(failure.prompt!, /reposez-la sur le lecteur/);
    const verifiedBefore = [...failure.state!.verified];
    assert.ok(verifiedBefore.includes('DG1'), `verified before removal: ${verifiedBefore}`);
    removeAt = 0;
    sim.control.insertCard(SIMULATED_READER, sim.chip);
    const resumed = await readChip({
      channel: await sim.bus.connect(sim.readerName),
      can: sim.can,
      trustStore: sim.trustStore,
      signer: sim.signer,
      resume: failure.state,
    });
    assert.ok(resumed.verdict.ok);
    assert.equal(resumed.stats.resumes, 1);
    const readAgain = resumed.steps.filter((s) => s.name.startsWith('READ ')).map((s) => s.name.slice(5));
    for (const name of verifiedBefore.filter((n) => n !== 'SOD'))
      assert.ok(!readAgain.includes(name), `${name} was read again`);
    assert.ok(resumed.stats.apdus < fullApdus);
  });

  it('a dropped secure-messaging session (6987) is detected and access control redone', async () => {
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    sim.chip.faults.dropSessionAtApdu = 12;
    const result = await readChip({
      channel: await sim.bus.connect(sim.readerName),
      can: sim.can,
      trustStore: sim.trustStore,
      signer: sim.signer,
    });
    assert.equal(result.stats.sessionRestarts, 1);
    assert.equal(result.steps.filter((s) => s.name === 'PACE').length, 2);
    assert.ok(result.verdict.ok);
  });

  it('an expired IS certificate gives a French error before talking to the chip; DG3 stays closed', async () => {
    const sim = await createSimulatedCnieBus({
      fingerSize: { width: 128, height: 160 },
      eac: { isEffective: '2020-01-01', isExpiry: '2020-02-01' },
    });
    await assert.rejects(
      readChip({
        channel: await sim.bus.connect(sim.readerName),
        can: sim.can,
        trustStore: sim.trustStore,
        signer: sim.signer,
      }),
      (e: ChipReadError) =>
        e.code === 'CHIP_TERMINAL_CERTIFICATE_EXPIRED' && /certificat du poste/.test(e.prompt!),
    );
  });

  it('an IS chain from a foreign CVCA is refused by the chip', async () => {
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    const foreign = createEacTestPki();
    await assert.rejects(
      readChip({ channel: await sim.bus.connect(sim.readerName), can: sim.can, signer: foreign.signer }),
      (e: ChipReadError) => e.code === 'CHIP_TERMINAL_CERTIFICATE_REJECTED',
    );
  });

  it('an untrusted document signer is reported in the verdict in French', async () => {
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    const result = await readChip({ channel: await sim.bus.connect(sim.readerName), can: sim.can });
    assert.equal(result.verdict.ok, false);
    assert.equal(result.passiveAuthentication.chainFailure, 'untrusted');
    assert.match(result.verdict.checks.find((c) => c.name === 'signer-chain')!.message, /non reconnu/);
  });

  it('an unsupported card (no eMRTD application, no EF.CardAccess) gives CHIP_UNSUPPORTED', async () => {
    const { FileSystemCard } = await import('../../pcsc-reader/simulator/virtual-card');
    const sim = await createSimulatedCnieBus({ fingerSize: { width: 128, height: 160 } });
    sim.control.insertCard(SIMULATED_READER, new FileSystemCard({ files: {} }));
    await assert.rejects(
      readChip({ channel: await sim.bus.connect(sim.readerName), can: '123456' }),
      (e: ChipReadError) => e.code === 'CHIP_UNSUPPORTED' && /non prise en charge/.test(e.prompt!),
    );
  });
});
