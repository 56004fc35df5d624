/**
 * Driver of a USB HID Point-of-Sale 2D barcode reader (the counter's handheld imager). The reader
 * decodes symbols itself and sends each one as Scanned Data Reports (protocol/scanned-data.ts)
 * on its input endpoint; the driver joins them (protocol/assembler.ts), names the symbology from
 * the AIM identifier and hands the bytes on. Nothing is sent to the reader: HID POS needs no
 * command to scan, and vendor command channels differ. A malformed report drops the symbol and
 * is reported (the agent scans again); an unplug ends pending waits with a 'disconnected' error.
 * The content is personal (a proof's name and address): the trace keeps the report header only.
 */
import type {
  BarcodeReader,
  BarcodeScan,
  DeviceIdentity,
  OperationOptions,
  SelfTestResult,
} from '../../core/capabilities';
import { descriptors } from '../../core/descriptor';
import { DeviceError, FrameError } from '../../core/errors';
import { ProtocolTrace } from '../../core/trace';
import type { HidTransport, Unsubscribe } from '../../core/transport';
import { classifyScannerInterface, keyboardWedgeExplanation } from './descriptor';
import { type AssemblerOptions, ScanAssembler } from './protocol/assembler';

export class HidPosScanner implements BarcodeReader {
  readonly descriptor = descriptors.hidPosScanner;
  readonly kind = 'barcode-reader' as const;
  readonly trace: ProtocolTrace;
  private readonly assembler: ScanAssembler;
  private readonly scanListeners = new Set<(scan: BarcodeScan) => void>();
  private readonly errorListeners = new Set<(error: DeviceError) => void>();
  private readonly unsubscribe: Unsubscribe[] = [];
  private disconnected: DeviceError | undefined;
  private malformed = 0;
  private scans = 0;

  /** Refuses an interface that is not a HID POS scanner (a keyboard wedge says how to switch it). */
  constructor(
    private readonly transport: HidTransport,
    options: { trace?: ProtocolTrace; assembler?: AssemblerOptions } = {},
  ) {
    const mode = classifyScannerInterface(transport.info);
    if (mode === 'keyboard-wedge')
      throw new DeviceError('operator', 'SCANNER_KEYBOARD_WEDGE', 'scanner in keyboard-emulation mode', {
        prompt: keyboardWedgeExplanation,
      });
    if (mode !== 'hid-pos')
      throw new DeviceError(
        'fatal',
        'SCANNER_NOT_HID_POS',
        `HID interface ${transport.info.path} has usage page 0x${(transport.info.usagePage ?? 0).toString(16)}, not HID POS 0x8C`,
      );
    this.trace = options.trace ?? new ProtocolTrace();
    this.assembler = new ScanAssembler(options.assembler);
    this.unsubscribe.push(
      transport.onInputReport((report) => this.onReport(report)),
      transport.onDisconnect((cause) => this.onDisconnect(cause)),
    );
  }

  private onReport(report: Uint8Array): void {
    this.trace.record('in', report, { personal: true, visibleBytes: 2 });
    let scan: ReturnType<ScanAssembler['push']>;
    try {
      scan = this.assembler.push(report);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      this.malformed++;
      const deviceError = new DeviceError('protocol', `SCANNER_${error.code}`, error.message, {
        protocolStatus: error.code,
        cause: error,
      });
      for (const l of [...this.errorListeners]) l(deviceError);
      return;
    }
    if (!scan) return;
    this.scans++;
    const out: BarcodeScan = {
      symbology: scan.symbology,
      aim: scan.aim,
      bytes: scan.bytes,
      at: new Date().toISOString(),
    };
    for (const l of [...this.scanListeners]) l(out);
  }

  private onDisconnect(cause?: Error): void {
    this.trace.record('in', new Uint8Array(0), { note: 'device disconnected' });
    this.disconnected = new DeviceError('disconnected', 'HID_DISCONNECTED', 'barcode reader unplugged', {
      cause,
    });
    this.assembler.reset();
    for (const l of [...this.errorListeners]) l(this.disconnected);
  }

  onScan(listener: (scan: BarcodeScan) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  onScanError(listener: (error: DeviceError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  nextScan(options: OperationOptions = {}): Promise<BarcodeScan> {
    if (this.disconnected) return Promise.reject(this.disconnected);
    return new Promise((resolve, reject) => {
      const cleanup: (() => void)[] = [];
      const finish = (run: () => void) => {
        for (const c of cleanup) c();
        run();
      };
      cleanup.push(this.onScan((scan) => finish(() => resolve(scan))));
      cleanup.push(
        this.onScanError((error) => {
          if (error.kind === 'disconnected') finish(() => reject(error));
        }),
      );
      if (options.timeoutMs !== undefined) {
        const timer = setTimeout(
          () =>
            finish(() => reject(new DeviceError('timeout', 'SCANNER_NO_SCAN', 'no symbol scanned in time'))),
          options.timeoutMs,
        );
        cleanup.push(() => clearTimeout(timer));
      }
      if (options.signal) {
        const abort = () =>
          finish(() =>
            reject(new DeviceError('cancelled', 'SCANNER_CANCELLED', 'waiting for a scan cancelled')),
          );
        if (options.signal.aborted) return abort();
        options.signal.addEventListener('abort', abort, { once: true });
        cleanup.push(() => options.signal?.removeEventListener('abort', abort));
      }
    });
  }

  async identify(): Promise<DeviceIdentity> {
    const info = this.transport.info;
    return {
      model: info.product ?? this.descriptor.model,
      ...(info.serialNumber ? { serialNumber: info.serialNumber } : {}),
      transportPath: info.path,
    };
  }

  async selfTest(): Promise<SelfTestResult> {
    const info = this.transport.info;
    const checks = [
      {
        name: 'Interface HID POS (page 0x8C)',
        passed: classifyScannerInterface(info) === 'hid-pos',
        detail: `usage page 0x${(info.usagePage ?? 0).toString(16)}, usage 0x${(info.usage ?? 0).toString(16)}`,
      },
      {
        name: 'Lecteur branché',
        passed: this.disconnected === undefined,
        ...(this.disconnected ? { detail: 'débranché depuis l’ouverture' } : {}),
      },
      {
        name: 'Trames reçues valides',
        passed: this.malformed === 0,
        detail: `${this.scans} code(s) lu(s), ${this.malformed} trame(s) invalide(s) depuis l’ouverture`,
      },
    ];
    return { passed: checks.every((c) => c.passed), checks };
  }

  async reset(): Promise<void> {
    this.assembler.reset();
    this.malformed = 0;
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    this.scanListeners.clear();
    this.errorListeners.clear();
    await this.transport.close();
  }
}
