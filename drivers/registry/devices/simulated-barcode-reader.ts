/**
 * The simulated 2D barcode reader of a demo or training station: the HID POS simulator driven by
 * the real driver. The simulation scans a given content (a 2D-DOC, a pre-application or tax-stamp
 * number); its test capture scans a test symbol and reports what the driver read (no content).
 */
import type { BarcodeScan } from '../../core/capabilities';
import { descriptors } from '../../core/descriptor';
import { HidPosScanner } from '../../devices/hid-pos-scanner/driver';
import type { Symbology } from '../../devices/hid-pos-scanner/protocol/aim';
import { type ScannerSimControl, simulatedScanner } from '../../devices/hid-pos-scanner/simulator';
import { DriverBackedDevice, type PresenceAction, type TestCapture } from '../managed-device';
import { ScanRelay } from './scan-relay';

const TEST_SYMBOL = 'RECUEIL-AUTOTEST-0001';

export class SimulatedBarcodeReader extends DriverBackedDevice<HidPosScanner> {
  private control: ScannerSimControl | undefined;
  private readonly scans = new ScanRelay();

  constructor(id: string) {
    super(id, descriptors.hidPosScanner, true);
  }

  protected async openDriver(): Promise<HidPosScanner> {
    const { bus, control } = simulatedScanner();
    const [info] = await bus.list();
    const transport = await bus.open(info!.path);
    transport.onDisconnect(() => this.disconnected('Lecteur de codes débranché'));
    this.control = control;
    return this.scans.attach(new HidPosScanner(transport), (error) => this.recordError(error));
  }

  /** Symbols read by the reader (the station's counter service listens). */
  onScan(listener: (scan: BarcodeScan) => void): () => void {
    return this.scans.on(listener);
  }

  /** Simulation: the agent scans `content` with the handheld reader. */
  async scan(content: string, symbology: Symbology = 'datamatrix'): Promise<void> {
    this.requireDriver();
    await this.control!.scan(content, symbology);
  }

  async simulate(action: PresenceAction): Promise<void> {
    if (action === 'plug') {
      if (this.status().connection !== 'connected') await this.connect();
    } else if (action === 'unplug') {
      this.control?.unplug();
    } else {
      this.update({ connection: 'error', detail: 'Défaut simulé : le lecteur de codes ne répond plus' });
    }
  }

  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const driver = this.requireDriver();
      const next = driver.nextScan({ timeoutMs: 5000 });
      this.control?.scan(TEST_SYMBOL, 'datamatrix');
      const scan = await next;
      return { summary: `Code lu : ${scan.symbology} (${scan.aim}), ${scan.bytes.length} octets` };
    });
  }
}
