/**
 * The simulated signature pad of a demo or training station: a Wacom STU-540 firmware simulator
 * behind the HID transport interface, driven by the real Wacom driver. Unplug, fault (the pad
 * freezes) and replug act on the simulator; the driver sees them exactly as it would on the bus.
 */
import { descriptors } from '../../core/descriptor';
import { createWacomStuDriver, type WacomStuDriver } from '../../devices/wacom-stu/driver';
import { toStrokes } from '../../devices/wacom-stu/render/strokes';
import { renderSvg } from '../../devices/wacom-stu/render/svg';
import { createSimulatedStu, type SimulatedStu } from '../../devices/wacom-stu/simulator';
import { DriverBackedDevice, type PresenceAction, type TestCapture } from '../managed-device';

export class SimulatedSignaturePad extends DriverBackedDevice<WacomStuDriver> {
  private sim: SimulatedStu | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(id: string) {
    super(id, descriptors.wacomStu540, true);
  }

  protected async openDriver(): Promise<WacomStuDriver> {
    // A replug is a new device: the previous simulator (frozen or gone) is released first.
    this.unsubscribe?.();
    if (this.sim?.control.plugged) this.sim.control.unplug();
    const sim = createSimulatedStu({ model: 'STU-540', pacing: 'realtime', serial: 'STU540SIM0001' });
    this.sim = sim;
    this.unsubscribe = sim.transport.onDisconnect(() => this.disconnected('Tablette débranchée'));
    return createWacomStuDriver(sim.transport);
  }

  async simulate(action: PresenceAction): Promise<void> {
    if (action === 'plug') {
      if (this.status().connection === 'connected') return;
      await this.connect();
    } else if (action === 'unplug') {
      this.sim?.control.unplug();
    } else {
      this.sim?.control.freeze();
      this.update({ connection: 'error', detail: 'Défaut simulé : la tablette ne répond plus' });
    }
  }

  /** Captures the simulator's scripted signature and returns it drawn as SVG (nothing is kept). */
  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const driver = this.requireDriver();
      const caps = await driver.capabilities();
      const session = await driver.startCapture({ timeoutMs: 30000 });
      try {
        await this.sim?.control.drawSignature(7);
        const points = await session.finish();
        const strokes = toStrokes(points);
        return {
          summary: `${strokes.length} tracés, ${points.length} points à 200 Hz`,
          svg: renderSvg(points, caps, { width: 400, height: 240, background: '#ffffff' }),
        };
      } catch (error) {
        await session.cancel().catch(() => undefined);
        throw error;
      }
    });
  }

  /** Demo and training: the simulated applicant signs on the pad (a scripted signature, in real time). */
  async simulateSigning(seed: number): Promise<void> {
    await this.sim?.control.drawSignature(seed);
  }

  override async close(): Promise<void> {
    this.unsubscribe?.();
    await super.close();
    if (this.sim?.control.plugged) this.sim.control.unplug();
  }
}
