/**
 * Transport interfaces: the only way drivers reach a bus. Real implementations live in
 * drivers/transports (the only importers of node-hid, serialport, usb, PC/SC); simulators implement
 * the same interfaces in memory (or over a pseudo-terminal / pcscd), byte for byte.
 */

export type Unsubscribe = () => void;

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path: string;
  serialNumber?: string;
  product?: string;
  manufacturer?: string;
  /** Top-level collection's usage page and usage (from the report descriptor; 0x8C/0x02 = HID POS scanner). */
  usagePage?: number;
  usage?: number;
}

/** An open HID device: feature reports for commands, input reports for streamed data. */
export interface HidTransport {
  readonly info: HidDeviceInfo;
  /** Returns the report including its id in byte 0 (node-hid convention). */
  getFeatureReport(reportId: number, length: number): Promise<Uint8Array>;
  /** `data[0]` is the report id. */
  sendFeatureReport(data: Uint8Array): Promise<void>;
  /** Output report; `data[0]` is the report id. */
  write(data: Uint8Array): Promise<void>;
  onInputReport(listener: (report: Uint8Array) => void): Unsubscribe;
  onDisconnect(listener: (error?: Error) => void): Unsubscribe;
  close(): Promise<void>;
}

export interface HidBus {
  list(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidTransport>;
}

export interface SerialPortInfo {
  path: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  manufacturer?: string;
}

/** An open byte stream (serial port, pseudo-terminal, in-memory pipe). */
export interface ByteStream {
  readonly path: string;
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): Unsubscribe;
  onClose(listener: (error?: Error) => void): Unsubscribe;
  close(): Promise<void>;
}

export interface SerialOpenOptions {
  baudRate: number;
}

export interface SerialBus {
  list(): Promise<SerialPortInfo[]>;
  open(path: string, options: SerialOpenOptions): Promise<ByteStream>;
}

/** A card present in a reader, ready for APDU exchange. */
export interface CardChannel {
  readonly readerName: string;
  readonly atr: Uint8Array;
  transmit(commandApdu: Uint8Array): Promise<Uint8Array>;
  disconnect(): Promise<void>;
}

export interface CardReaderEvents {
  onCardInserted(listener: (readerName: string, atr: Uint8Array) => void): Unsubscribe;
  onCardRemoved(listener: (readerName: string) => void): Unsubscribe;
}

export interface PcscBus extends CardReaderEvents {
  readers(): string[];
  onReaderAdded(listener: (readerName: string) => void): Unsubscribe;
  onReaderRemoved(listener: (readerName: string) => void): Unsubscribe;
  connect(readerName: string): Promise<CardChannel>;
  close(): Promise<void>;
}
