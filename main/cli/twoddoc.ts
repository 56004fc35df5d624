/**
 * `recueil 2ddoc verify`: reads a 2D-DOC (the decoded text of its DataMatrix, with GS 0x1D and
 * US 0x1F separators, or the `<GS>`/`<US>`/`<RS>` notation a person types) and verifies it offline
 * against a trust list: the project's signed trust-list file or a directory of
 * `<authority>_<certificate id>.pem` certificates. Prints the contract's JSON with `--json`.
 * `--image` decodes the DataMatrix of a photo or scan first (models/imaging/barcode).
 * Exit 0 when it parsed, whatever the verdict; 2 on unreadable input (a picture that is not one, is
 * truncated, too large or holds no DataMatrix included) or an unusable trust list.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';

interface VerifyOptions {
  text?: string;
  image?: string;
  trust?: string;
  trustSigner?: string;
  json?: boolean;
}

function fail(json: boolean | undefined, code: string, messageFr: string, detail: string): never {
  if (json) console.log(JSON.stringify({ error: { code, message: messageFr, detail } }));
  else console.error(`${messageFr}\n(${code}: ${detail})`);
  process.exit(2);
}

/** The typed notations of the separators, as the ANTS examples print them. */
export function normaliseSeparators(text: string): string {
  return text.replaceAll('<GS>', '\u001d').replaceAll('<US>', '\u001f').replaceAll('<RS>', '\u001e');
}

export function registerTwoDDocCommands(program: Command): void {
  const cmd = program.command('2ddoc').description('2D-DOC signed barcodes on proofs (address, tax notices)');
  cmd
    .command('verify')
    .description('parse a 2D-DOC and verify its signature against a trust list, offline')
    .option('--text <string>', 'the decoded message (GS 0x1D / US 0x1F separators, or <GS>/<US>)')
    .option('--image <file>', 'a picture or scan of the DataMatrix')
    .option('--trust <file|dir>', 'signed trust-list file, or a directory of <authority>_<certificate>.pem')
    .option('--trust-signer <sha256>', 'expected signer fingerprint of the trust-list file')
    .option('--json', 'print JSON')
    .action(async (options: VerifyOptions) => {
      const { parseTwoDDoc, report, TrustList, TrustListError, TwoDDocError, verifyTwoDDoc, loadTrust } =
        await import('../../models/documents/twoddoc');
      if ((options.text === undefined) === (options.image === undefined)) {
        fail(
          options.json,
          'USAGE',
          'Indiquez soit --text, soit --image.',
          'exactly one of --text or --image',
        );
      }
      let input: string | Uint8Array = '';
      if (options.image !== undefined) {
        let file: Uint8Array;
        try {
          file = readFileSync(options.image);
        } catch (error) {
          fail(
            options.json,
            'UNREADABLE_IMAGE',
            'Image illisible : le fichier ne peut pas être ouvert.',
            (error as Error).message,
          );
        }
        const { BarcodeImageError, decodeBarcodeImage } = await import('../../models/imaging/barcode');
        try {
          // The DataMatrix's bytes: a text 2D-DOC ("DC...") or the binary form (0xDC...).
          input = (await decodeBarcodeImage(file, { formats: ['datamatrix'] })).bytes;
        } catch (error) {
          if (error instanceof BarcodeImageError)
            fail(options.json, error.code, error.messageFr, error.detail);
          throw error;
        }
      } else {
        input = normaliseSeparators(options.text!);
      }
      let trust = TrustList.empty();
      if (options.trust) {
        try {
          trust = await loadTrust(
            options.trust,
            options.trustSigner ? { pinnedSigner: options.trustSigner } : {},
          );
        } catch (error) {
          if (error instanceof TrustListError) fail(options.json, error.code, error.messageFr, error.message);
          fail(
            options.json,
            'TRUST_LIST_UNREADABLE',
            'Liste de confiance illisible.',
            (error as Error).message,
          );
        }
      }
      try {
        const doc = parseTwoDDoc(input);
        const result = report(doc, verifyTwoDDoc(doc, trust));
        if (options.json) {
          console.log(JSON.stringify(result));
          return;
        }
        console.log(
          `${result.header.typeLabel} — émis par ${result.header.authority}/${result.header.certificate}`,
        );
        for (const [id, value] of Object.entries(result.fields))
          console.log(`  ${result.labels[id]} : ${value}`);
        console.log(`Verdict : ${result.verdict} — ${result.message}`);
      } catch (error) {
        if (error instanceof TwoDDocError) fail(options.json, error.code, error.messageFr, error.detail);
        throw error;
      }
    });
}
