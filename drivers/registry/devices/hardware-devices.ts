/**
 * Real devices of a station in hardware mode, each opened through its real transport and matched by
 * ID tables: a Wacom STU on HID (VID/PID), a HID POS barcode reader (usage page 0x8C), an SBI fingerprint device service discovered on
 * 127.0.0.1:4501–4600, and the first PC/SC reader. A device that is absent stays `disconnected`; the
 * registry retries (hot-plug) until it appears.
 */
import sharp from 'sharp';
import type { BarcodeScan } from '../../core/capabilities';
import { descriptors } from '../../core/descriptor';
import { DeviceError } from '../../core/errors';
import type { PcscBus } from '../../core/transport';
import { classifyScannerInterface, keyboardWedgeExplanation } from '../../devices/hid-pos-scanner/descriptor';
import { HidPosScanner } from '../../devices/hid-pos-scanner/driver';
import { encodeCommandApdu, parseResponseApdu } from '../../devices/iso7816/apdu';
import { formatStatusWord } from '../../devices/iso7816/status-words';
import { SbiClient } from '../../devices/mosip-sbi/client';
import { SbiFingerprintDriver } from '../../devices/mosip-sbi/driver';
import { PcscCardReader } from '../../devices/pcsc-reader/driver';
import { isStuUsbId, wacomVendorId } from '../../devices/wacom-stu/descriptor';
import { createWacomStuDriver, type WacomStuDriver } from '../../devices/wacom-stu/driver';
import { toStrokes } from '../../devices/wacom-stu/render/strokes';
import { renderSvg } from '../../devices/wacom-stu/render/svg';
import { zfmDefaults, zfmDescriptor } from '../../devices/zfm/descriptor';
import { ZfmDriver } from '../../devices/zfm/driver';
import { createNodeHidBus } from '../../transports/node-hid';
import { openPcscLiteBus } from '../../transports/pcsclite';
import { createSerialBus } from '../../transports/serialport';
import { DriverBackedDevice, type TestCapture } from '../managed-device';
import { ScanRelay } from './scan-relay';

const absent = (label: string) =>
  new DeviceError('disconnected', 'DEVICE_ABSENT', `${label} : aucun périphérique détecté`, {
    prompt: `Branchez : ${label}`,
  });

export class HardwareSignaturePad extends DriverBackedDevice<WacomStuDriver> {
  constructor() {
    super('hw-wacom-stu', descriptors.wacomStu540, false);
  }

  protected async openDriver(): Promise<WacomStuDriver> {
    const bus = createNodeHidBus({ vendorIds: [wacomVendorId] });
    const found = (await bus.list()).find((d) => isStuUsbId(d));
    if (!found) throw absent(this.descriptor.label);
    const transport = await bus.open(found.path);
    transport.onDisconnect(() => this.disconnected('Tablette débranchée'));
    return createWacomStuDriver(transport);
  }

  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const driver = this.requireDriver();
      const caps = await driver.capabilities();
      const session = await driver.startCapture({ timeoutMs: 60000 });
      // On a real pad the technician signs; the capture ends after 10 s.
      await new Promise((resolve) => setTimeout(resolve, 10000));
      const points = await session.finish();
      return {
        summary: `${toStrokes(points).length} tracés, ${points.length} points`,
        svg: renderSvg(points, caps, { width: 400, height: 240, background: '#ffffff' }),
      };
    });
  }
}

export class HardwareBarcodeReader extends DriverBackedDevice<HidPosScanner> {
  private readonly scans = new ScanRelay();

  constructor() {
    super('hw-hid-pos-scanner', descriptors.hidPosScanner, false);
  }

  protected async openDriver(): Promise<HidPosScanner> {
    const bus = createNodeHidBus();
    const interfaces = await bus.list();
    const found = interfaces.find((d) => classifyScannerInterface(d) === 'hid-pos');
    if (!found) {
      // A scanner left in keyboard emulation is a fault the technician can fix: say how.
      if (interfaces.some((d) => classifyScannerInterface(d) === 'keyboard-wedge'))
        throw new DeviceError('fatal', 'SCANNER_KEYBOARD_WEDGE', keyboardWedgeExplanation, {
          prompt: keyboardWedgeExplanation,
        });
      throw absent(this.descriptor.label);
    }
    const transport = await bus.open(found.path);
    transport.onDisconnect(() => this.disconnected('Lecteur de codes débranché'));
    return this.scans.attach(new HidPosScanner(transport), (error) => this.recordError(error));
  }

  onScan(listener: (scan: BarcodeScan) => void): () => void {
    return this.scans.on(listener);
  }

  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      // The technician scans any code within 20 s.
      const scan = await this.requireDriver().nextScan({ timeoutMs: 20000 });
      return {
        summary: `Code lu : ${scan.symbology} (${scan.aim || 'sans identifiant'}), ${scan.bytes.length} octets`,
      };
    });
  }
}

export class HardwareSbiScanner extends DriverBackedDevice<SbiFingerprintDriver> {
  constructor(private readonly ports?: number[]) {
    super('hw-sbi-fingerprint', descriptors.sbiFingerprint, false);
  }

  protected async openDriver(): Promise<SbiFingerprintDriver> {
    const found = await new SbiClient().discover({
      ...(this.ports ? { ports: this.ports } : {}),
      timeoutMs: 800,
    });
    const first = found[0];
    if (!first) throw absent(this.descriptor.label);
    return new SbiFingerprintDriver({ port: first.port });
  }

  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const capture = await this.requireDriver().capture({ timeoutMs: 30000, finger: 'right-index' });
      const { width, height, pixels, ppi } = capture.image;
      const png = await sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } })
        .png()
        .toBuffer();
      return {
        summary: `Empreinte ${width} × ${height} px à ${ppi ?? '?'} ppp`,
        pngBase64: png.toString('base64'),
      };
    });
  }
}

export class HardwareCardReader extends DriverBackedDevice<PcscCardReader> {
  private bus: PcscBus | undefined;

  constructor(private readonly readerWaitMs = 1500) {
    super('hw-pcsc-reader', descriptors.pcscReader, false);
  }

  protected async openDriver(): Promise<PcscCardReader> {
    this.bus ??= openPcscLiteBus();
    const bus = this.bus;
    const deadline = Date.now() + this.readerWaitMs;
    while (bus.readers().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (bus.readers().length === 0) throw absent(this.descriptor.label);
    bus.onReaderRemoved(() => {
      if (bus.readers().length === 0) this.disconnected('Lecteur débranché');
    });
    return new PcscCardReader(bus);
  }

  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const channel = await this.requireDriver().waitForCard({ timeoutMs: 20000 });
      try {
        const select = encodeCommandApdu({
          cla: 0,
          ins: 0xa4,
          p1: 4,
          p2: 0x0c,
          data: Buffer.from('A0000002471001', 'hex'),
        });
        const { sw } = parseResponseApdu(await channel.transmit(select));
        return {
          summary: `Carte détectée sur ${channel.readerName} ; application eMRTD : ${formatStatusWord(sw)}`,
        };
      } finally {
        await channel.disconnect();
      }
    });
  }

  override async close(): Promise<void> {
    await super.close();
    // pcsc-lite's close can hang when pcscd is gone or a card was just removed: never block shutdown on it.
    const closing = this.bus?.close() ?? Promise.resolve();
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }
}

/** A ZFM/R30x module on a configured serial port (serial modules have no USB id of their own). */
export class HardwareZfmScanner extends DriverBackedDevice<ZfmDriver> {
  constructor(private readonly path: string) {
    super('hw-zfm-fingerprint', zfmDescriptor, false);
  }

  protected async openDriver(): Promise<ZfmDriver> {
    let stream: Awaited<ReturnType<ReturnType<typeof createSerialBus>['open']>>;
    try {
      stream = await createSerialBus().open(this.path, { baudRate: zfmDefaults.baudRate });
    } catch (error) {
      throw new DeviceError('disconnected', 'DEVICE_ABSENT', `cannot open ${this.path}`, {
        cause: error,
        prompt: `Lecteur d’empreintes injoignable sur ${this.path} : vérifiez son câble, puis actualisez les périphériques.`,
      });
    }
    stream.onClose(() => this.disconnected('Lecteur d’empreintes débranché'));
    return new ZfmDriver(stream);
  }

  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const capture = await this.requireDriver().capture({ timeoutMs: 30000 });
      const { width, height, pixels } = capture.image;
      const png = await sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } })
        .png()
        .toBuffer();
      return {
        summary: `Empreinte ${width} × ${height} px (module série)`,
        pngBase64: png.toString('base64'),
      };
    });
  }
}
