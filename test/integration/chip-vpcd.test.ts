/**
 * The simulated CNIe read end to end through the real PC/SC stack: pcscd with Debian's
 * vsmartcard virtual reader (vpcd), the @pokusew/pcsclite binding, the PC/SC card reader driver,
 * then PACE → CA → TA → DG1/DG2/DG3 → passive authentication. Skipped with the reason when pcscd
 * or vpcd is unavailable (or not root); pcscd is stopped afterwards when this test started it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readChip } from '../../drivers/devices/emrtd/reader/read-chip';
import { createSimulatedCnie, type SimulatedCnie } from '../../drivers/devices/emrtd/simulator/sim-setup';
import { PcscCardReader } from '../../drivers/devices/pcsc-reader/driver';
import { linkCardToVpcd, type VpcdLink } from '../../drivers/devices/pcsc-reader/simulator/vpcd-link';
import { openPcscLiteBus } from '../../drivers/transports/pcsclite';
import { ensurePcscd, type PcscdHandle, pcscdUnavailableReason, pollUntil } from '../support/pcscd';

/** vpcd's second slot (port 35964), so that the card-reader conformance suite keeps slot 0. */
const VPCD_PORT = 35964;
const READER = 'Virtual PCD 00 01';

describe('CNIe simulator through pcscd + vpcd', { skip: pcscdUnavailableReason() }, () => {
  let daemon: PcscdHandle | undefined;
  let bus: ReturnType<typeof openPcscLiteBus> | undefined;
  let reader: PcscCardReader | undefined;
  let link: VpcdLink | undefined;
  let sim: SimulatedCnie;

  before(async () => {
    sim = await createSimulatedCnie({ fingerSize: { width: 128, height: 160 } });
    daemon = await ensurePcscd(VPCD_PORT);
    bus = openPcscLiteBus();
    reader = new PcscCardReader(bus);
    await pollUntil(
      () => reader!.readerNames().some((n) => n.startsWith('Virtual PCD')),
      10000,
      'the vpcd reader',
    );
  });

  after(async () => {
    await link?.close();
    await reader?.close();
    await bus?.close();
    await daemon?.stop();
  });

  for (const maxBlock of [1024, 223]) {
    it(`reads PACE → CA → TA → DG1/DG2/DG3 → PA, all green (READ BINARY blocks of ${maxBlock})`, async () => {
      if (link) {
        // Take the previous card off and wait until pcscd has seen it go.
        const removed = new Promise<void>((resolve) => {
          const stop = reader!.onCardEvent((e) => {
            if (e.type === 'removed' && e.readerName === READER) {
              stop();
              resolve();
            }
          });
        });
        await link.close();
        link = undefined;
        await removed;
      }
      const waiting = reader!.waitForCard({ timeoutMs: 10000, readerName: READER });
      link = linkCardToVpcd({ card: sim.chip, reconnect: false, port: VPCD_PORT });
      await link.connected;
      const channel = await waiting;
      const result = await readChip({
        channel,
        can: sim.can,
        trustStore: sim.trustStore,
        signer: sim.signer,
        maxBlock,
      });
      assert.equal(result.accessControl, 'PACE');
      assert.ok(result.chipAuthentication.ok);
      assert.ok(result.terminalAuthentication.ok);
      assert.deepEqual(
        result.verdict.checks.filter((c) => !c.ok),
        [],
      );
      assert.equal(result.dg3?.fingers.length, 2);
      assert.equal(result.dg1?.primaryIdentifier, 'MARTIN');
      await channel.disconnect();
    });
  }
});
