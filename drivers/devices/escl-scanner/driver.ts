/**
 * Driver of a flatbed scanner speaking eSCL (Mopria / Apple AirScan "driverless" scanning): reads
 * its capabilities, posts a ScanSettings job for a platen region at a resolution, fetches the page
 * from the job's NextDocument, and asks once more to close the job (a platen has one page: 404).
 * Network scanners are reached directly; USB ones through ipp-usb, which serves the same eSCL on
 * a loopback port. A busy scanner (503) is retried until the operation's deadline; settings it
 * refuses (409) are a protocol error naming them. A job's Location must stay on the scanner's
 * own origin. The page is personal (a portrait): the trace keeps sizes only.
 */
import type {
  DeviceIdentity,
  FlatbedCapabilities,
  FlatbedScan,
  FlatbedScanner,
  FlatbedScanRequest,
  OperationOptions,
  SelfTestResult,
} from '../../core/capabilities';
import { descriptors } from '../../core/descriptor';
import { DeviceError, FrameError } from '../../core/errors';
import { delay, Operation } from '../../core/operation';
import { ProtocolTrace } from '../../core/trace';
import { type HttpReply, httpCall } from './http';
import { mmToUnits, parseCapabilities, type ScannerCapabilities, unitsToMm } from './protocol/capabilities';
import { scanSettingsXml } from './protocol/settings';
import { parseScannerStatus } from './protocol/status';
import { MAX_XML_BYTES } from './protocol/xml';

export interface EsclScannerOptions {
  /** The eSCL root, e.g. http://127.0.0.1:60000/eSCL (ipp-usb) or http://scanner.local/eSCL. */
  url: string;
  trace?: ProtocolTrace;
  /** Largest page accepted (default 256 MiB: A4 at 600 dpi in PNG is about 60 MiB). */
  maxPageBytes?: number;
}

type ScanState = 'idle' | 'submitting' | 'scanning' | 'closing' | 'done';
const SCAN_TRANSITIONS = {
  idle: ['submitting'],
  submitting: ['scanning'],
  scanning: ['closing'],
  closing: ['done'],
  done: [],
} as const satisfies Record<ScanState, readonly ScanState[]>;

const DEFAULT_SCAN_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;

export class EsclScanner implements FlatbedScanner {
  readonly descriptor = descriptors.esclScanner;
  readonly kind = 'flatbed-scanner' as const;
  readonly trace: ProtocolTrace;
  readonly url: URL;
  private readonly maxPageBytes: number;
  private caps: ScannerCapabilities | undefined;
  private scans = 0;

  constructor(options: EsclScannerOptions) {
    this.url = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:')
      throw new DeviceError('fatal', 'ESCL_BAD_URL', `eSCL URL must be http(s), got ${this.url.protocol}`);
    this.trace = options.trace ?? new ProtocolTrace();
    this.maxPageBytes = options.maxPageBytes ?? 256 * 1024 * 1024;
  }

  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    url: URL,
    options: { body?: string; maxBodyBytes?: number; signal?: AbortSignal; personal?: boolean } = {},
  ): Promise<HttpReply> {
    const note = `${method} ${url.pathname}`;
    if (options.body) this.trace.record('out', Buffer.from(options.body), { note });
    else this.trace.record('out', new Uint8Array(0), { note });
    const reply = await httpCall({
      method,
      url,
      ...(options.body ? { body: options.body } : {}),
      maxBodyBytes: options.maxBodyBytes ?? MAX_XML_BYTES,
      timeoutMs: REQUEST_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.trace.record('in', reply.body, {
      note: `${reply.status} ${note}`,
      personal: options.personal ?? false,
    });
    return reply;
  }

  private parse<T>(reply: HttpReply, what: string, parse: (b: Buffer) => T): T {
    if (reply.status !== 200)
      throw new DeviceError('protocol', 'ESCL_STATUS', `${what}: HTTP ${reply.status}`, {
        protocolStatus: `HTTP ${reply.status}`,
      });
    try {
      return parse(reply.body);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      throw new DeviceError('protocol', `ESCL_${error.code}`, `${what}: ${error.message}`, {
        protocolStatus: error.code,
        cause: error,
      });
    }
  }

  async escl(options: OperationOptions = {}): Promise<ScannerCapabilities> {
    if (this.caps) return this.caps;
    const reply = await this.call(
      'GET',
      new URL('ScannerCapabilities', this.url),
      options.signal ? { signal: options.signal } : {},
    );
    this.caps = this.parse(reply, 'ScannerCapabilities', parseCapabilities);
    return this.caps;
  }

  async capabilities(options: OperationOptions = {}): Promise<FlatbedCapabilities> {
    const c = await this.escl(options);
    return {
      makeAndModel: c.makeAndModel,
      ...(c.serialNumber ? { serialNumber: c.serialNumber } : {}),
      platenMm: { width: unitsToMm(c.platen.maxWidth), height: unitsToMm(c.platen.maxHeight) },
      resolutions: c.platen.resolutions,
      colorModes: c.platen.colorModes,
      formats: c.platen.documentFormats,
    };
  }

  async status(options: OperationOptions = {}) {
    const reply = await this.call(
      'GET',
      new URL('ScannerStatus', this.url),
      options.signal ? { signal: options.signal } : {},
    );
    return this.parse(reply, 'ScannerStatus', parseScannerStatus);
  }

  async scan(request: FlatbedScanRequest, options: OperationOptions = {}): Promise<FlatbedScan> {
    const op = new Operation<ScanState>({
      name: 'escl_scan',
      initial: 'idle',
      transitions: SCAN_TRANSITIONS,
      final: ['done'],
      timeoutMs: options.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      return await this.runScan(op, request, options);
    } catch (error) {
      op.throwIfSettled();
      throw error;
    } finally {
      op.dispose();
    }
  }

  private async runScan(
    op: Operation<ScanState>,
    request: FlatbedScanRequest,
    options: OperationOptions,
  ): Promise<FlatbedScan> {
    const signal = op.signal;
    const caps = await this.escl({ signal });
    const dpi = request.resolutionDpi;
    if (!caps.platen.resolutions.includes(dpi))
      throw new DeviceError(
        'fatal',
        'ESCL_RESOLUTION',
        `scanner does not scan at ${dpi} dpi (${caps.platen.resolutions.join(', ')})`,
      );
    const format = request.format ?? 'image/jpeg';
    const region = request.regionMm ?? {
      x: 0,
      y: 0,
      width: unitsToMm(caps.platen.maxWidth),
      height: unitsToMm(caps.platen.maxHeight),
    };
    const units = {
      xOffset: mmToUnits(region.x),
      yOffset: mmToUnits(region.y),
      width: Math.min(caps.platen.maxWidth - mmToUnits(region.x), mmToUnits(region.width)),
      height: Math.min(caps.platen.maxHeight - mmToUnits(region.y), mmToUnits(region.height)),
    };
    op.to('submitting');
    options.onProgress?.('Numérisation demandée au scanner', 0.05);
    const body = scanSettingsXml({
      version: caps.version || '2.0',
      intent: 'Photo',
      inputSource: 'Platen',
      colorMode: request.colorMode ?? 'RGB24',
      documentFormat: format,
      xResolution: dpi,
      yResolution: dpi,
      region: units,
    });
    const created = await this.retryBusy(signal, () =>
      this.call('POST', new URL('ScanJobs', this.url), { body, signal }),
    );
    if (created.status === 409)
      throw new DeviceError('protocol', 'ESCL_CONFLICT', 'scanner refused the scan settings (409)', {
        protocolStatus: 'HTTP 409',
      });
    if (created.status !== 201)
      throw new DeviceError('protocol', 'ESCL_STATUS', `ScanJobs: HTTP ${created.status}`, {
        protocolStatus: `HTTP ${created.status}`,
      });
    const job = this.jobUrl(created.headers.location);
    op.to('scanning');
    options.onProgress?.('Numérisation en cours', 0.2);
    const page = await this.retryBusy(signal, () =>
      this.call('GET', new URL(`${job.pathname.replace(/\/$/, '')}/NextDocument`, job), {
        maxBodyBytes: this.maxPageBytes,
        signal,
        personal: true,
      }),
    );
    if (page.status !== 200)
      throw new DeviceError('protocol', 'ESCL_NO_PAGE', `NextDocument: HTTP ${page.status}`, {
        protocolStatus: `HTTP ${page.status}`,
      });
    if (page.body.length === 0)
      throw new DeviceError('protocol', 'ESCL_EMPTY_PAGE', 'scanner sent an empty page');
    op.to('closing');
    // The platen's one page is delivered: the next NextDocument answers 404 and ends the job.
    await this.call('GET', new URL(`${job.pathname.replace(/\/$/, '')}/NextDocument`, job), { signal }).catch(
      () => undefined,
    );
    op.to('done');
    options.onProgress?.('Numérisation terminée', 1);
    this.scans++;
    const type = page.headers['content-type'];
    return {
      bytes: new Uint8Array(page.body.buffer, page.body.byteOffset, page.body.length),
      format: (Array.isArray(type) ? type[0] : type)?.split(';')[0]?.trim() || format,
      resolutionDpi: dpi,
      regionMm: {
        x: unitsToMm(units.xOffset),
        y: unitsToMm(units.yOffset),
        width: unitsToMm(units.width),
        height: unitsToMm(units.height),
      },
      scannedAt: new Date().toISOString(),
    };
  }

  /** The job's URL from its Location header, kept on the scanner's origin. */
  private jobUrl(location: string | string[] | undefined): URL {
    const value = Array.isArray(location) ? location[0] : location;
    if (!value) throw new DeviceError('protocol', 'ESCL_NO_LOCATION', 'ScanJobs: 201 without a Location');
    let url: URL;
    try {
      url = new URL(value, this.url);
    } catch (cause) {
      throw new DeviceError('protocol', 'ESCL_NO_LOCATION', 'ScanJobs: unreadable Location', { cause });
    }
    if (url.origin !== this.url.origin)
      throw new DeviceError('protocol', 'ESCL_FOREIGN_LOCATION', 'ScanJobs: Location on another host');
    return url;
  }

  /** Repeats a request while the scanner answers 503 (busy warming up or finishing a job). */
  private async retryBusy(signal: AbortSignal, run: () => Promise<HttpReply>): Promise<HttpReply> {
    for (let wait = 100; ; wait = Math.min(2000, wait * 2)) {
      const reply = await run();
      if (reply.status !== 503) return reply;
      await delay(wait, signal);
    }
  }

  async identify(options: OperationOptions = {}): Promise<DeviceIdentity> {
    const c = await this.escl(options);
    return {
      model: c.makeAndModel || this.descriptor.model,
      ...(c.serialNumber ? { serialNumber: c.serialNumber } : {}),
      ...(c.version ? { firmware: `eSCL ${c.version}` } : {}),
      transportPath: this.url.href,
    };
  }

  async selfTest(options: OperationOptions = {}): Promise<SelfTestResult> {
    const checks: SelfTestResult['checks'] = [];
    try {
      const c = await this.escl(options);
      checks.push({
        name: 'Capacités eSCL lues',
        passed: true,
        detail: `${c.makeAndModel}, eSCL ${c.version}`,
      });
      checks.push({
        name: 'Numérisation à 600 ppp',
        passed: c.platen.resolutions.includes(600),
        detail: `résolutions : ${c.platen.resolutions.join(', ')} ppp`,
      });
      const s = await this.status(options);
      checks.push({
        name: 'Scanner prêt',
        passed: s.state === 'Idle' || s.state === 'Processing',
        detail: `état : ${s.state}`,
      });
    } catch (error) {
      checks.push({
        name: 'Scanner joignable',
        passed: false,
        detail: error instanceof DeviceError ? error.code : 'erreur',
      });
    }
    checks.push({ name: 'Pages numérisées', passed: true, detail: `${this.scans} depuis l’ouverture` });
    return { passed: checks.every((c) => c.passed), checks };
  }

  async reset(): Promise<void> {
    this.caps = undefined;
  }

  async close(): Promise<void> {
    this.caps = undefined;
  }
}
