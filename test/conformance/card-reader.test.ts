/**
 * Conformance of the CardReader capability, run against every implementation: the in-process PC/SC
 * simulator, and the real PC/SC stack (pcscd + vpcd + @pokusew/pcsclite) with the simulated card
 * connected through vpcd. Real hardware: set TEST_DEVICE_PCSC=1 with a card on the reader.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CardEvent, CardReader } from '../../drivers/core/capabilities';
import { DeviceError } from '../../drivers/core/errors';
import { encodeCommandApdu, parseResponseApdu } from '../../drivers/devices/iso7816/apdu';
import { PcscCardReader } from '../../drivers/devices/pcsc-reader/driver';
import { createSimulatedPcscBus } from '../../drivers/devices/pcsc-reader/simulator/in-process-bus';
import { FileSystemCard } from '../../drivers/devices/pcsc-reader/simulator/virtual-card';
import { linkCardToVpcd, type VpcdLink } from '../../drivers/devices/pcsc-reader/simulator/vpcd-link';
import { openPcscLiteBus } from '../../drivers/transports/pcsclite';
import { ensurePcscd, type PcscdHandle, pcscdUnavailableReason, pollUntil } from '../support/pcscd';

const AID = 'A0000002471001';
const FILE = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);

function demoCard() {
  return new FileSystemCard({ applications: [AID], files: { '011E': { content: FILE, sfi: 0x1e } } });
}

interface Bench {
  reader: CardReader;
  insert(): Promise<void>;
  remove(): Promise<void>;
  close(): Promise<void>;
}

function nextEvent(reader: CardReader, type: CardEvent['type']): Promise<CardEvent> {
  return new Promise((resolve) => {
    const stop = reader.onCardEvent((e) => {
      if (e.type === type) {
        stop();
        resolve(e);
      }
    });
  });
}

async function exchange(
  channel: { transmit(c: Uint8Array): Promise<Uint8Array> },
  command: Parameters<typeof encodeCommandApdu>[0],
) {
  return parseResponseApdu(await channel.transmit(encodeCommandApdu(command)));
}

function cardReaderConformance(name: string, makeBench: () => Promise<Bench>, skip?: string) {
  describe(`CardReader conformance: ${name}`, { skip }, () => {
    let bench: Bench;
    before(async () => {
      bench = await makeBench();
    });
    after(async () => {
      await bench?.close();
    });

    it('lists its reader and passes its self-test', async () => {
      assert.ok(bench.reader.readerNames().length > 0);
      assert.equal((await bench.reader.selfTest()).passed, true);
      assert.match((await bench.reader.identify()).transportPath, /^pcsc:/);
    });

    it('waits for a card, then exchanges APDUs with it', async () => {
      const waiting = bench.reader.waitForCard({ timeoutMs: 10000 });
      await bench.insert();
      const channel = await waiting;
      assert.ok(channel.atr.length >= 2);
      assert.equal(
        (await exchange(channel, { cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Buffer.from(AID, 'hex') })).sw,
        0x9000,
      );
      const head = await exchange(channel, { cla: 0, ins: 0xb0, p1: 0x9e, p2: 0, ne: 16 });
      assert.equal(head.sw, 0x9000);
      assert.deepEqual([...head.data], [...FILE.subarray(0, 16)]);
      const missing = await exchange(channel, {
        cla: 0,
        ins: 0xa4,
        p1: 2,
        p2: 0x0c,
        data: Uint8Array.of(0x01, 0x99),
      });
      assert.equal(missing.sw, 0x6a82);
      await channel.disconnect();
    });

    it('reports the card removal, and a removed card fails with a typed error, not a hang', async () => {
      const channel = await bench.reader.waitForCard({ timeoutMs: 10000 });
      const removed = nextEvent(bench.reader, 'removed');
      await bench.remove();
      await removed;
      await assert.rejects(
        exchange(channel, { cla: 0, ins: 0xb0, p1: 0x9e, p2: 0, ne: 4 }),
        (e: unknown) => e instanceof DeviceError && e.kind === 'disconnected',
      );
    });

    it('times out and cancels cleanly when no card comes, and stays usable', async () => {
      await assert.rejects(
        bench.reader.waitForCard({ timeoutMs: 200 }),
        (e: DeviceError) => e.kind === 'timeout',
      );
      const controller = new AbortController();
      const waiting = bench.reader.waitForCard({ timeoutMs: 10000, signal: controller.signal });
      controller.abort();
      await assert.rejects(waiting, (e: DeviceError) => e.kind === 'cancelled');
      const again = bench.reader.waitForCard({ timeoutMs: 10000 });
      await bench.insert();
      const channel = await again;
      assert.equal(
        (await exchange(channel, { cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Buffer.from(AID, 'hex') })).sw,
        0x9000,
      );
      await channel.disconnect();
      await bench.remove();
    });
  });
}

cardReaderConformance('in-process simulator', async () => {
  const { bus, control } = createSimulatedPcscBus();
  control.addReader('Lecteur simulé 00 00');
  const reader = new PcscCardReader(bus);
  return {
    reader,
    insert: async () => control.insertCard('Lecteur simulé 00 00', demoCard()),
    remove: async () => control.removeCard('Lecteur simulé 00 00'),
    close: () => reader.close(),
  };
});

let daemon: PcscdHandle | undefined;
cardReaderConformance(
  'pcscd + vpcd (real PC/SC stack)',
  async () => {
    daemon = await ensurePcscd();
    const bus = openPcscLiteBus();
    const reader = new PcscCardReader(bus);
    await pollUntil(
      () => reader.readerNames().some((n) => n.startsWith('Virtual PCD')),
      10000,
      'the vpcd reader',
    );
    let link: VpcdLink | undefined;
    return {
      reader,
      async insert() {
        link = linkCardToVpcd({ card: demoCard(), reconnect: false });
        await link.connected;
      },
      async remove() {
        await link?.close();
        link = undefined;
      },
      async close() {
        await link?.close();
        await reader.close();
        await bus.close();
        await daemon?.stop();
      },
    };
  },
  pcscdUnavailableReason(),
);
