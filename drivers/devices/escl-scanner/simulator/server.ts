/**
 * The eSCL flatbed simulator: an HTTP server on loopback answering what an AirScan scanner
 * answers — GET /eSCL/ScannerCapabilities and /eSCL/ScannerStatus, POST /eSCL/ScanJobs (201 with
 * the job's Location, 409 for settings it does not serve, 503 while a scan runs), GET
 * {job}/NextDocument (the page, then 404: a platen has one), DELETE {job}. Pages are rendered from
 * a GlassScene (glass.ts) at the requested resolution and region and encoded as JPEG or PNG with
 * their density. The control handle changes the scene, fakes a jammed or busy scanner, and
 * unplugs it (the server closes and drops its connections).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';
import { capabilitiesXml, type ScannerCapabilities, unitsToMm } from '../protocol/capabilities';
import { parseScanSettings, type ScanSettings, settingsConflict } from '../protocol/settings';
import { type JobInfo, type ScannerState, scannerStatusXml } from '../protocol/status';
import { MAX_XML_BYTES } from '../protocol/xml';
import { type GlassScene, PLATEN_MM, renderGlass } from './glass';

export interface EsclSimulatorOptions {
  host?: string;
  port?: number;
  scene: GlassScene;
  serialNumber?: string;
}

export interface EsclSimControl {
  setScene(scene: GlassScene): void;
  /** 'down': the scanner reports Down and refuses jobs (503); 'ok' clears it. */
  setFault(fault: 'ok' | 'down'): void;
  /** Jobs created so far (the last 16), with their settings. */
  readonly jobs: readonly { uuid: string; settings: ScanSettings; state: string }[];
  unplug(): Promise<void>;
}

export interface EsclSimulator {
  readonly port: number;
  /** http://127.0.0.1:PORT/eSCL */
  readonly url: string;
  readonly capabilities: ScannerCapabilities;
  readonly control: EsclSimControl;
  close(): Promise<void>;
}

const units = (mm: number) => Math.floor((mm / 25.4) * 300);

export function simulatorCapabilities(serialNumber = 'SIM-ESCL-0001'): ScannerCapabilities {
  return {
    version: '2.63',
    makeAndModel: 'Recueil eSCL Flatbed Simulator',
    serialNumber,
    uuid: '4509a320-00a0-008f-00b6-002507510eca',
    platen: {
      minWidth: 16,
      maxWidth: units(PLATEN_MM.width),
      minHeight: 16,
      maxHeight: units(PLATEN_MM.height),
      colorModes: ['RGB24', 'Grayscale8'],
      documentFormats: ['image/jpeg', 'image/png'],
      resolutions: [75, 150, 300, 600],
      maxOpticalResolution: 600,
    },
  };
}

interface Job {
  uuid: string;
  settings: ScanSettings;
  state: 'Pending' | 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
  created: number;
  delivered: boolean;
}

const MAX_JOBS = 16;

export async function serveEscl(options: EsclSimulatorOptions): Promise<EsclSimulator> {
  const host = options.host ?? '127.0.0.1';
  const capabilities = simulatorCapabilities(options.serialNumber);
  let scene = options.scene;
  let fault: 'ok' | 'down' = 'ok';
  let scanning = false;
  const jobs: Job[] = [];
  const sockets = new Set<Socket>();

  const xml = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const empty = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Length': 0, ...headers });
    res.end();
  };
  const state = (): ScannerState => (fault === 'down' ? 'Down' : scanning ? 'Processing' : 'Idle');
  const jobInfo = (j: Job): JobInfo => ({
    uri: `/eSCL/ScanJobs/${j.uuid}`,
    uuid: j.uuid,
    state: j.state,
    imagesCompleted: j.delivered ? 1 : 0,
    imagesToTransfer: j.delivered || j.state !== 'Processing' ? 0 : 1,
  });

  const createJob = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, MAX_XML_BYTES);
    if (body === undefined) return empty(res, 413);
    let settings: ScanSettings;
    try {
      settings = parseScanSettings(body);
    } catch {
      return empty(res, 400);
    }
    if (settingsConflict(settings, capabilities)) return empty(res, 409);
    if (fault === 'down' || scanning) return empty(res, 503, { 'Retry-After': '1' });
    const job: Job = {
      uuid: randomUUID(),
      settings,
      state: 'Processing',
      created: Date.now(),
      delivered: false,
    };
    jobs.push(job);
    if (jobs.length > MAX_JOBS) jobs.shift();
    const location = `http://${req.headers.host ?? `${host}:${port}`}/eSCL/ScanJobs/${job.uuid}`;
    empty(res, 201, { Location: location });
  };

  const nextDocument = async (job: Job, res: ServerResponse) => {
    if (job.delivered || job.state !== 'Processing') return empty(res, 404);
    if (scanning) return empty(res, 503, { 'Retry-After': '1' });
    scanning = true;
    try {
      const page = await scanPage(scene, job.settings);
      job.delivered = true;
      job.state = 'Completed';
      res.writeHead(200, { 'Content-Type': job.settings.documentFormat, 'Content-Length': page.length });
      res.end(page);
    } catch {
      job.state = 'Aborted';
      empty(res, 500);
    } finally {
      scanning = false;
    }
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/eSCL/ScannerCapabilities')
      return xml(res, 200, capabilitiesXml(capabilities));
    if (req.method === 'GET' && path === '/eSCL/ScannerStatus')
      return xml(
        res,
        200,
        scannerStatusXml({ state: state(), jobs: jobs.map(jobInfo) }, (j) => ageOf(jobs, j)),
      );
    if (req.method === 'POST' && path === '/eSCL/ScanJobs') return createJob(req, res);
    const m = /^\/eSCL\/ScanJobs\/([0-9a-f-]{36})(\/NextDocument|\/ScanImageInfo)?$/.exec(path);
    const job = m ? jobs.find((j) => j.uuid === m[1]) : undefined;
    if (!m || !job) return empty(res, 404);
    if (req.method === 'GET' && m[2] === '/NextDocument') return nextDocument(job, res);
    if (req.method === 'DELETE' && !m[2]) {
      if (job.state === 'Processing') job.state = 'Canceled';
      return empty(res, 200);
    }
    return empty(res, m[2] ? 404 : 405);
  };

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) empty(res, 500);
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    url: `http://${host}:${port}/eSCL`,
    capabilities,
    control: {
      setScene: (s) => {
        scene = s;
      },
      setFault: (f) => {
        fault = f;
      },
      get jobs() {
        return jobs.map((j) => ({ uuid: j.uuid, settings: j.settings, state: j.state }));
      },
      unplug: close,
    },
    close,
  };
}

function ageOf(jobs: readonly Job[], info: JobInfo): number {
  const job = jobs.find((j) => j.uuid === info.uuid);
  return job ? Math.round((Date.now() - job.created) / 1000) : 0;
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The settings of a colour platen job (what the driver or sane-airscan posts), region in 1/300 inch. */
export function platenJob(
  dpi: number,
  region: ScanSettings['region'] = { xOffset: 0, yOffset: 0, width: 1240, height: 1748 },
  documentFormat = 'image/jpeg',
): ScanSettings {
  return {
    version: '2.63',
    intent: 'Photo',
    inputSource: 'Platen',
    colorMode: 'RGB24',
    documentFormat,
    xResolution: dpi,
    yResolution: dpi,
    ...(region ? { region } : {}),
  };
}

/** Renders and encodes the page a job asked for (the whole platen when it names no region). */
export async function scanPage(scene: GlassScene, settings: ScanSettings): Promise<Buffer> {
  const r = settings.region;
  const region = r
    ? {
        x: unitsToMm(r.xOffset),
        y: unitsToMm(r.yOffset),
        width: unitsToMm(r.width),
        height: unitsToMm(r.height),
      }
    : { x: 0, y: 0, width: PLATEN_MM.width, height: PLATEN_MM.height };
  const dpi = settings.xResolution;
  const raw = await renderGlass(scene, region, dpi);
  let pipeline = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
    // the scanner's optics: a slight blur, wider at a lower resolution's larger pixels
    .blur(dpi >= 600 ? 0.6 : 0.45);
  if (settings.colorMode === 'Grayscale8') pipeline = pipeline.greyscale();
  pipeline = pipeline.withMetadata({ density: dpi });
  return settings.documentFormat === 'image/png'
    ? pipeline.png({ compressionLevel: 3 }).toBuffer()
    : pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer();
}
