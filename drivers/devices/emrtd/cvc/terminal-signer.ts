/**
 * The inspection system's credentials for Terminal Authentication: its CV certificate chain and a
 * signer holding the IS private key. Production injects an HSM or smart-card implementation; the
 * software signer below serves tests, the simulator and demos only.
 */
import type { CurveParams } from '../crypto/curves';
import { type RandomSource, systemRandom } from '../crypto/ec';
import { ecdsaSign, type HashName } from '../crypto/ecdsa';

export interface TerminalSigner {
  /**
   * CV certificates to present, issuer first: optional CVCA link certificates, then the DV, then
   * the IS certificate (last). The reader sends those below the chip's trust point (EF.CVCA).
   */
  readonly certificates: readonly Uint8Array[];
  /**
   * Signs `message` (ID_IC || r_IC || Comp(PK_PCD)) with the IS private key, using the hash of the
   * IS certificate's TA algorithm, and returns the plain r||s signature.
   */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export class SoftwareTerminalSigner implements TerminalSigner {
  constructor(
    readonly certificates: readonly Uint8Array[],
    private readonly key: { curve: CurveParams; privateKey: bigint; hash: HashName },
    private readonly random: RandomSource = systemRandom,
  ) {}

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return ecdsaSign(this.key.curve, this.key.privateKey, this.key.hash, message, this.random);
  }
}
