/**
 * Hardware mode of the device registry, against real OS paths: the SBI device service on TCP (our
 * simulator, as a vendor service would run), and the PC/SC reader through pcscd + vpcd. Absent
 * devices stay disconnected and appear when plugged (hot-plug polling), with no restart.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { DeviceStatus } from '../../common/domain';
import { type SbiSimulator, serveSbi } from '../../drivers/devices/mosip-sbi/simulator';
import { FileSystemCard } from '../../drivers/devices/pcsc-reader/simulator/virtual-card';
import { linkCardToVpcd, type VpcdLink } from '../../drivers/devices/pcsc-reader/simulator/vpcd-link';
import { DeviceRegistry } from '../../drivers/registry/device-registry';
import { ensurePcscd, type PcscdHandle, pcscdUnavailableReason } from '../support/pcscd';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function becomes(
  registry: DeviceRegistry,
  id: string,
  connection: DeviceStatus['connection'],
): Promise<void> {
  if (registry.get(id).status().connection === connection) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = (s: DeviceStatus) => {
      if (s.id === id && s.connection === connection) {
        registry.off('change', listener);
        resolve();
      }
    };
    registry.on('change', listener);
  });
}

const pcscSkip = pcscdUnavailableReason();

describe('device registry in hardware mode', () => {
  let registry: DeviceRegistry;
  let sbi: SbiSimulator | undefined;
  let daemon: PcscdHandle | undefined;
  let card: VpcdLink | undefined;
  let port: number;

  before(async () => {
    port = await freePort();
    if (!pcscSkip) daemon = await ensurePcscd();
    registry = await DeviceRegistry.hardware({ sbiPorts: [port], hotplugMs: 200 });
  });
  after(async () => {
    await registry?.close();
    await sbi?.close();
    await card?.close();
    await daemon?.stop();
  });

  it('leaves absent devices disconnected (no Wacom pad on this machine, no SBI service yet)', () => {
    assert.equal(registry.get('hw-wacom-stu').status().connection, 'disconnected');
    assert.equal(
      registry.get('hw-wacom-stu').status().lastError,
      undefined,
      'an absent device is not a fault',
    );
    assert.equal(registry.get('hw-sbi-fingerprint').status().connection, 'disconnected');
  });

  it('picks up an SBI fingerprint service when it starts (hot-plug), and captures through it', async () => {
    sbi = await serveSbi({ host: '127.0.0.1', port });
    await becomes(registry, 'hw-sbi-fingerprint', 'connected');
    assert.equal(registry.get('hw-sbi-fingerprint').status().transportPath, `http://127.0.0.1:${port}`);
    const capture = await registry.testCapture('hw-sbi-fingerprint');
    assert.ok(
      Buffer.from(capture.pngBase64 ?? '', 'base64')
        .subarray(1, 4)
        .toString() === 'PNG',
    );
  });

  it('uses the PC/SC reader pcscd knows, and reads a card tapped on it', { skip: pcscSkip }, async () => {
    await becomes(registry, 'hw-pcsc-reader', 'connected');
    const capture = registry.testCapture('hw-pcsc-reader');
    card = linkCardToVpcd({
      card: new FileSystemCard({ applications: ['A0000002471001'] }),
      reconnect: false,
    });
    await card.connected;
    assert.match((await capture).summary, /9000/);
  });
});
