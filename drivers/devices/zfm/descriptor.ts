/**
 * Descriptor of the ZFM/R30x serial fingerprint module family (Synochip AS60x based: ZFM-20/60,
 * R305/R307, R503, FPM10A). Serial modules have no USB ID of their own (they sit behind any
 * USB-UART bridge), so they are matched by an explicit port path plus a successful handshake.
 */
import type { DeviceDescriptor } from '../../core/descriptor';

export const zfmDescriptor = {
  model: 'zfm-r30x',
  kind: 'fingerprint',
  vendor: 'ZFM/R30x',
  label: 'Lecteur d’empreintes série ZFM/R30x',
  transport: 'serial',
} as const satisfies DeviceDescriptor;

/** Factory defaults of the module family. */
export const zfmDefaults = {
  baudRate: 57_600,
  address: 0xffffffff,
  password: 0,
} as const;
