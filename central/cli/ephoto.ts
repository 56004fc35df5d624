/**
 * `recueil central ephoto issue`: deposits a photo on the simulated e-photo provider, as an approved
 * booth would, and prints its code (tests and demonstrations).
 *   recueil central ephoto issue --config DIR/central.json --photo FILE [--signature FILE]
 *       [--state valid|used|expired|forged|tampered] [--json]
 * The photo (JPEG, or PNG/TIFF/WebP converted to JPEG) and the signature (PNG; default: a drawn
 * signature) are stored with the provider's signature. --json prints
 * {"code", "formatted", "state", "provider", "takenAt", "expiresAt"}. Bad values exit 2.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import sharp from 'sharp';
import { formatEphotoCode } from '../../common/domain/ephoto-code';
import { EPHOTO_MAX_PHOTO_BYTES, EPHOTO_MAX_SIGNATURE_BYTES } from '../../sync/protocol/ephoto';
import { EPHOTO_ISSUE_STATES, EphotoProvider } from '../ephoto/provider';
import { loadCentralConfig } from '../server/config';
import { CentralStore } from '../store';
import { CentralUsageError, oneOf, runCommand } from './usage';

/** A drawn signature, as a booth's pad would give it (PNG). */
const DEFAULT_SIGNATURE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200">
<rect width="600" height="200" fill="white"/>
<path d="M40 140 C 80 40, 120 40, 140 120 S 200 180, 230 90 S 300 40, 320 130 C 340 170, 380 60, 420 110 S 500 150, 560 70"
 fill="none" stroke="#1b1b4b" stroke-width="5" stroke-linecap="round"/></svg>`;

async function image(
  file: string,
  what: string,
  format: 'jpeg' | 'png',
  maxBytes: number,
): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CentralUsageError(`${what}: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
  }
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let out: Buffer = bytes;
  if (!(format === 'jpeg' ? isJpeg : isPng)) {
    try {
      const pipeline = sharp(bytes, { limitInputPixels: 50_000_000 }).rotate();
      out = await (format === 'jpeg' ? pipeline.jpeg({ quality: 92 }) : pipeline.png()).toBuffer();
    } catch {
      throw new CentralUsageError(`${what}: ${file} is not a readable image`);
    }
  }
  if (out.length > maxBytes)
    throw new CentralUsageError(`${what}: ${file} is over ${maxBytes / 1024 / 1024} MiB once encoded`);
  return out;
}

export function registerEphotoCommands(program: Command): void {
  program
    .command('ephoto')
    .description('the simulated e-photo provider (approved photo booths and photographers)')
    .command('issue')
    .description('deposit a photo and a signature, and print the 22-character e-photo code')
    .requiredOption('--config <file>', 'central.json (with an "ephoto" section)')
    .requiredOption('--photo <file>', 'the portrait (JPEG; PNG, TIFF or WebP are converted)')
    .option('--signature <file>', "the applicant's signature (PNG; default: a drawn one)")
    .option('--state <state>', `${EPHOTO_ISSUE_STATES.join(', ')} (default valid)`)
    .option('--json', 'JSON output: {"code", "formatted", "state", "provider", "takenAt", "expiresAt"}')
    .action(
      async (options: {
        config: string;
        photo: string;
        signature?: string;
        state?: string;
        json?: boolean;
      }) =>
        runCommand(async () => {
          const state = oneOf('--state', options.state, EPHOTO_ISSUE_STATES) ?? 'valid';
          const config = loadCentralConfig(options.config);
          if (!config.ephoto)
            throw new CentralUsageError(
              `${options.config}: no "ephoto" section (the provider's signing key); recueil demo init writes one`,
            );
          const photo = await image(options.photo, '--photo', 'jpeg', EPHOTO_MAX_PHOTO_BYTES);
          const signature = options.signature
            ? await image(options.signature, '--signature', 'png', EPHOTO_MAX_SIGNATURE_BYTES)
            : await sharp(Buffer.from(DEFAULT_SIGNATURE_SVG)).png().toBuffer();
          const store = await CentralStore.open(config.dataDir);
          try {
            const provider = await EphotoProvider.fromKeyFile(
              config.ephoto.signingKey,
              () => store.ephoto,
              config.ephoto.provider,
            );
            const issued = await provider.issue(photo, signature, state);
            console.log(
              options.json
                ? JSON.stringify({ ...issued, formatted: formatEphotoCode(issued.code) })
                : issued.code,
            );
          } finally {
            store.close();
          }
        }),
    );
}
