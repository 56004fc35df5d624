/**
 * The scans of a managed barcode reader, whatever driver instance reads them: the driver is opened
 * anew at each reconnection, listeners stay. Malformed data on the bus is recorded as the device's
 * last error (diagnostics); the agent simply scans again.
 */
import type { BarcodeScan } from '../../core/capabilities';
import type { DeviceError } from '../../core/errors';
import type { HidPosScanner } from '../../devices/hid-pos-scanner/driver';
import type { ManagedDevice } from '../managed-device';

export class ScanRelay {
  private readonly listeners = new Set<(scan: BarcodeScan) => void>();

  on(listener: (scan: BarcodeScan) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  attach(driver: HidPosScanner, onError: (error: DeviceError) => void): HidPosScanner {
    driver.onScan((scan) => {
      for (const l of [...this.listeners]) l(scan);
    });
    driver.onScanError(onError);
    return driver;
  }
}

/** A managed device that delivers scans (the simulated or the real barcode reader). */
export interface ScanningDevice extends ManagedDevice {
  onScan(listener: (scan: BarcodeScan) => void): () => void;
}

export function isScanningDevice(device: ManagedDevice | undefined): device is ScanningDevice {
  return typeof (device as Partial<ScanningDevice> | undefined)?.onScan === 'function';
}
