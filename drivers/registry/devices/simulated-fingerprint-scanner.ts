/**
 * The simulated fingerprint scanner of a demo or training station: the project's MOSIP SBI device
 * service (its own HTTP/1.1 layer, signed answers, hash chain) on a free loopback port, driven by
 * the real SBI driver. Unplug makes the service report the device gone (SBI error 106); a fault
 * stops the service as a crashed vendor service would.
 */
import sharp from 'sharp';
import { descriptors } from '../../core/descriptor';
import { SbiFingerprintDriver } from '../../devices/mosip-sbi/driver';
import { type SbiSimulator, serveSbi } from '../../devices/mosip-sbi/simulator';
import { DriverBackedDevice, type PresenceAction, type TestCapture } from '../managed-device';

export class SimulatedFingerprintScanner extends DriverBackedDevice<SbiFingerprintDriver> {
  private simulator: SbiSimulator | undefined;

  constructor(id: string) {
    super(id, descriptors.sbiFingerprint, true);
  }

  protected async openDriver(): Promise<SbiFingerprintDriver> {
    await this.simulator?.close();
    this.simulator = await serveSbi({ host: '127.0.0.1', port: 0, serialNo: 'SIM-SBI-0001' });
    return new SbiFingerprintDriver({ port: this.simulator.port, promptAfterMs: 1000 });
  }

  async simulate(action: PresenceAction): Promise<void> {
    if (action === 'plug') {
      if (this.status().connection !== 'connected') await this.connect();
    } else if (action === 'unplug') {
      this.simulator?.unplug();
      this.disconnected('Lecteur d’empreintes débranché');
    } else {
      await this.simulator?.crash();
      this.update({ connection: 'error', detail: 'Défaut simulé : le service du lecteur ne répond plus' });
    }
  }

  /** Simulation: the print the simulated person puts on the sensor for the next captures. */
  presentFinger(pixels: Uint8Array): void {
    if (!this.simulator) throw new Error('simulated scanner not started');
    this.simulator.presentFinger(pixels);
  }

  /** Simulation: the sensor's image size (what `presentFinger` expects). */
  get imageSize(): { width: number; height: number } {
    return this.simulator?.imageSize ?? { width: 300, height: 400 };
  }

  /** Captures one flat print from the simulator and returns it as PNG (nothing is kept). */
  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const capture = await this.requireDriver().capture({ timeoutMs: 20000, finger: 'right-index' });
      const { width, height, pixels, ppi } = capture.image;
      const png = await sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } })
        .png()
        .toBuffer();
      const quality =
        capture.deviceQuality === undefined ? '' : `, qualité annoncée ${capture.deviceQuality}`;
      return {
        summary: `Empreinte ${width} × ${height} px à ${ppi ?? '?'} ppp${quality}`,
        pngBase64: png.toString('base64'),
      };
    });
  }

  override async close(): Promise<void> {
    await super.close();
    await this.simulator?.close();
  }
}
