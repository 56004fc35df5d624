/**
 * `recueil chip read` and `recueil chip inspect`: reading and checking an ID card chip from the
 * command line (a contract used by outside evaluations). `read --sim` reads the project's simulated
 * CNIe (CAN 123456) with its test PKIs; `read --reader NAME` reads a card on a real PC/SC reader.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CardChannel } from '../../drivers/core/transport';

/** Loaded on first use: pcsclite (native). */
const pcsclite = () => import('../../drivers/transports/pcsclite');

/** Loaded on first use: the PC/SC reader driver. */
const pcscReader = () => import('../../drivers/devices/pcsc-reader/driver');

/** Loaded on first use: `recueil --help` loads no image codec (sharp) or chip stack. */
const emrtd = () => import('../../drivers/devices/emrtd');

interface ReadOptions {
  can: string;
  reader?: string;
  sim?: boolean;
  json?: boolean;
  out?: string;
  trustStore?: string;
}

async function openChannel(options: ReadOptions) {
  if (options.sim) {
    const sim = await (await emrtd()).createSimulatedCnieBus();
    const reader = new (await pcscReader()).PcscCardReader(sim.bus);
    const channel = await reader.waitForCard({ timeoutMs: 5000 });
    return { channel, trustStore: sim.trustStore, signer: sim.signer, close: () => reader.close() };
  }
  const bus = (await pcsclite()).openPcscLiteBus();
  const reader = new (await pcscReader()).PcscCardReader(bus);
  if (!options.json) console.error('Posez la carte sur le lecteur…');
  const channel: CardChannel = await reader.waitForCard({ timeoutMs: 60000, readerName: options.reader });
  const trustStore = options.trustStore
    ? (await emrtd()).TrustStore.fromDirectory(options.trustStore)
    : undefined;
  return {
    channel,
    trustStore,
    signer: undefined,
    close: async () => {
      await reader.close();
      await bus.close();
    },
  };
}

export function registerChipCommands(program: Command): void {
  const chip = program
    .command('chip')
    .description('ID card chip (ICAO 9303): PACE, EAC, passive authentication');
  chip
    .command('read')
    .description('read and verify everything the credentials allow')
    .requiredOption('--can <digits>', 'card access number (6 digits printed on the card)')
    .option('--reader <name>', 'PC/SC reader name (default: the first with a card)')
    .option('--sim', "read the project's simulated CNIe (CAN 123456)")
    .option('--json', 'JSON output')
    .option('--out <dir>', 'write the raw files read (EF_COM.bin, Datagroup1.bin, EF_SOD.bin...)')
    .option('--trust-store <dir>', 'CSCA certificates / master lists for passive authentication (real cards)')
    .action(async (options: ReadOptions) => {
      if (!/^\d{6}$/.test(options.can)) throw new Error('--can: expected the 6 digits printed on the card');
      const { channel, trustStore, signer, close } = await openChannel(options);
      try {
        const result = await (await emrtd()).readChip({
          channel,
          can: options.can,
          trustStore,
          signer,
          onProgress: (p) => {
            if (!options.json)
              console.error(
                `${p.label}${p.detail ? ` — ${p.detail}` : ''} (${Math.round(p.fraction * 100)} %)`,
              );
          },
        });
        if (options.out) {
          mkdirSync(options.out, { recursive: true });
          for (const [name, bytes] of Object.entries(result.files))
            writeFileSync(join(options.out, (await emrtd()).rawFileName(name)), bytes);
        }
        const inspection = (await emrtd()).inspectLdsFiles(new Map(Object.entries(result.files)), {
          trustStore,
        });
        const summary = {
          ...inspection.json,
          accessControl: result.accessControl,
          chipAuthentication: result.chipAuthentication,
          terminalAuthentication: result.terminalAuthentication,
          verdict: result.verdict,
          steps: result.steps,
        };
        if (options.json) console.log(JSON.stringify(summary));
        else {
          console.log(`Lecture ${result.verdict.ok ? 'vérifiée' : 'NON vérifiée'} (${result.accessControl})`);
          for (const check of result.verdict.checks)
            console.log(`  ${check.ok ? '✓' : '✗'} ${check.message}`);
        }
        if (!result.verdict.ok) process.exitCode = 1;
      } catch (error) {
        if (error instanceof (await emrtd()).ChipReadError) {
          console.error(error.prompt ?? error.message);
          process.exitCode = 2;
          return;
        }
        throw error;
      } finally {
        await close();
      }
    });
  chip
    .command('inspect <dir>')
    .description('parse a folder of raw LDS files (EF_COM.bin, Datagroup1.bin, EF_SOD.bin, ef0101.bin...)')
    .option('--json', 'JSON output')
    .option('--trust-store <dir>', 'CSCA certificates / master lists for the signature chain')
    .action(async (dir: string, options: { json?: boolean; trustStore?: string }) => {
      const trustStore = options.trustStore
        ? (await emrtd()).TrustStore.fromDirectory(options.trustStore)
        : undefined;
      const json = (await emrtd()).inspectLdsDirectory(dir, { trustStore });
      console.log(options.json ? JSON.stringify(json) : JSON.stringify(json, null, 2));
    });
}
