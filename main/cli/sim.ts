/**
 * `recueil sim serve ...`: runs a device simulator on a real OS path so a technician can train or
 * reproduce a fault, and outside checks can drive the real stacks (pcscd/vpcd, pseudo-terminals, TCP).
 */
import type { Command } from 'commander';
import type { EsclServeFlags } from '../../drivers/devices/escl-scanner/simulator/serve';
import type { serveScannerOnStreams } from '../../drivers/devices/hid-pos-scanner/serve-stdio';
import { linkCardToVpcd, vpcdDefaultPort } from '../../drivers/devices/pcsc-reader/simulator/vpcd-link';
import { normaliseSeparators } from './twoddoc';

/** Loaded on first use: `recueil --help` loads no device bus (serialport, node-hid). */
const scanner = () => import('../../drivers/devices/hid-pos-scanner/serve-stdio');
const uhid = () => import('../../drivers/devices/hid-pos-scanner/uhid');
const sbi = () => import('../../drivers/devices/mosip-sbi/simulator');
const virtualCard = () => import('../../drivers/devices/pcsc-reader/simulator/virtual-card');
const zfm = () => import('../../drivers/devices/zfm/serve-pty');
const escl = () => import('../../drivers/devices/escl-scanner/simulator/serve');

function tcpPort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: expected a TCP port, got ${value}`);
  return port;
}

function untilSignal(onStop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = async () => {
      await onStop();
      console.log('stopped');
      resolve();
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}

export function registerSimCommands(program: Command): void {
  const sim = program.command('sim').description('device simulators (demo, training, outside checks)');
  const serve = sim.command('serve').description('run a simulator on a real OS path');
  serve
    .command('card')
    .description("connect the simulated card to pcscd's virtual reader (vsmartcard vpcd)")
    .requiredOption('--vpcd', 'connect through vpcd')
    .option('--port <port>', 'vpcd TCP port', String(vpcdDefaultPort))
    .option('--host <host>', 'vpcd host', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new Error(`--port: expected a TCP port, got ${options.port}`);
      const card = new (await virtualCard()).FileSystemCard({ applications: ['A0000002471001'] });
      const link = linkCardToVpcd({ card, host: options.host, port });
      await link.connected;
      console.log(`card connected to vpcd ${options.host}:${port}`);
      await untilSignal(() => link.close());
    });
  serve
    .command('zfm')
    .description(
      'run the ZFM/R30x fingerprint module simulator on a pseudo-terminal (57,600 baud, finger placed)',
    )
    .requiredOption('--pty <path>', 'the pseudo-terminal end to serve (create the pair with socat)')
    .action(async (options: { pty: string }) => {
      const server = await (await zfm()).serveZfmOnPty(options.pty);
      console.log(`zfm simulator on ${options.pty}`);
      await Promise.race([
        untilSignal(() => server.close()),
        server.closed.then(() => console.log('pty closed')),
      ]);
    });
  serve
    .command('sbi')
    .description(
      'run the MOSIP SBI fingerprint device service on 127.0.0.1:PORT (MOSIPDISC, MOSIPDINFO, RCAPTURE, STREAM)',
    )
    .option('--port <port>', 'TCP port (4501-4600 for discovery)', '4501')
    .action(async (options: { port: string }) => {
      const simulator = await (await sbi()).serveSbi({ host: '127.0.0.1', port: tcpPort(options.port) });
      console.log(`sbi device service listening on http://127.0.0.1:${simulator.port}`);
      await untilSignal(() => simulator.close());
    });
  serve
    .command('scanner')
    .description(
      'run the eSCL (AirScan) flatbed scanner simulator on 127.0.0.1:PORT: a paper ID photo on the glass, scanned at 75-600 dpi',
    )
    .requiredOption('--port <port>', 'TCP port (0: any free port)')
    .option('--image <file>', 'the picture printed on the photo (default: a drawn portrait)')
    .option('--skew <degrees>', 'rotation of the photo on the glass', '3.2')
    .option('--print <process>', 'photo (photographic print) or halftone (laser/offset screen)', 'photo')
    .option('--photos <n>', 'prints on the glass (0: an empty glass, 2: two photos)', '1')
    .option('--dust <n>', 'dust specks on the glass', '25')
    .option('--seed <n>', 'seed of the paper, grain and dust', '1')
    .action(async (options: EsclServeFlags & { port: string }) => {
      const module = await escl();
      let simulator: Awaited<ReturnType<typeof module.serveSimulatedScanner>>;
      try {
        simulator = await module.serveSimulatedScanner({
          port: tcpPort(options.port),
          ...module.parseServeFlags(options),
        });
      } catch (error) {
        if (!(error instanceof module.ScannerSimInputError)) throw error;
        console.error(error.message);
        process.exit(2);
      }
      console.log(`escl scanner listening on ${simulator.url}`);
      await untilSignal(() => simulator.close());
    });
  serve
    .command('barcode')
    .description(
      'run the HID POS 2D barcode reader simulator until SIGINT/SIGTERM: each stdin line (or --scan) is scanned, each 64-byte input report is printed as "report <hex>"',
    )
    .option('--scan <text...>', 'symbols to scan at start (<GS>/<US>/<RS> notation accepted)')
    .option('--symbology <name>', 'datamatrix (2D-DOC), qr, pdf417, aztec, code128, ean', 'datamatrix')
    .option('--keyboard-wedge', 'present the reader in keyboard-emulation mode (for the detection)')
    .option(
      '--uhid',
      'also create a kernel HID device through /dev/uhid (hidraw, node-hid and the station see it)',
    )
    .action(
      async (options: { scan?: string[]; symbology: string; keyboardWedge?: boolean; uhid?: boolean }) => {
        const symbologies = ['datamatrix', 'qr', 'pdf417', 'aztec', 'code128', 'ean'] as const;
        const symbology = symbologies.find((s) => s === options.symbology);
        if (!symbology)
          throw new Error(`--symbology: expected one of ${symbologies.join(', ')}, got ${options.symbology}`);
        let server: Awaited<ReturnType<typeof serveScannerOnStreams>>;
        try {
          server = await (await scanner()).serveScannerOnStreams({
            input: process.stdin,
            output: process.stdout,
            mode: options.keyboardWedge ? 'keyboard-wedge' : 'hid-pos',
            symbology,
            decodeLine: normaliseSeparators,
            ...(options.uhid ? { uhid: {} } : {}),
          });
        } catch (error) {
          if (!(error instanceof (await uhid()).UhidUnavailableError)) throw error;
          console.error(error.message);
          process.exit(2);
        }
        const { info } = server;
        if (options.uhid) console.log(`kernel HID device created through /dev/uhid`);
        console.log(
          `barcode simulator (${options.keyboardWedge ? 'keyboard wedge' : 'HID POS'}, usage page 0x${info.usagePage?.toString(16)}, usb ${info.vendorId.toString(16).padStart(4, '0')}:${info.productId.toString(16).padStart(4, '0')})`,
        );
        for (const text of options.scan ?? []) await server.scan(normaliseSeparators(text));
        // The end of stdin ends the input, not the reader: it stays plugged until SIGINT/SIGTERM.
        void server.closed.then(() => console.log('stdin closed'));
        const keepAlive = setInterval(() => undefined, 60_000);
        await untilSignal(() => {
          clearInterval(keepAlive);
          return server.close();
        });
        // A kernel device's pending read would keep the process alive.
        if (options.uhid) process.exit(0);
      },
    );
}
