/**
 * One call to get a personalised simulated CNIe with everything needed to read it: the chip, the
 * CSCA trust store and the IS signer of the test PKIs, plugged into the in-process PC/SC bus
 * (for `recueil chip read --sim`, demos and tests). The same `CnieSimulator` can be linked to
 * pcscd with `linkCardToVpcd`.
 */

import type { PcscBus } from '../../../core/transport';
import type { SimulatedPcscControl } from '../../pcsc-reader/simulator/in-process-bus';
import { createSimulatedPcscBus } from '../../pcsc-reader/simulator/in-process-bus';
import type { TerminalSigner } from '../cvc/terminal-signer';
import { TrustStore } from '../pa/trust-store';
import { CnieSimulator, type CnieSimulatorOptions } from './cnie-simulator';
import { type CniePersonalisation, type PersonaliseOptions, personaliseCnie } from './personalisation';

export const SIMULATED_READER = 'Lecteur sans contact simulé 00 00';

export interface SimulatedCnie {
  chip: CnieSimulator;
  personalisation: CniePersonalisation;
  trustStore: TrustStore;
  signer: TerminalSigner;
  can: string;
}

export async function createSimulatedCnie(
  options: PersonaliseOptions & Omit<CnieSimulatorOptions, 'personalisation'> = {},
): Promise<SimulatedCnie> {
  const personalisation = await personaliseCnie(options);
  const chip = new CnieSimulator({ ...options, personalisation });
  return {
    chip,
    personalisation,
    trustStore: new TrustStore([personalisation.documentPki.csca]),
    signer: personalisation.eac.signer,
    can: personalisation.can,
  };
}

/** A simulated CNIe on the in-process PC/SC bus, card already on the reader. */
export async function createSimulatedCnieBus(
  options: PersonaliseOptions & Omit<CnieSimulatorOptions, 'personalisation'> = {},
): Promise<SimulatedCnie & { bus: PcscBus; control: SimulatedPcscControl; readerName: string }> {
  const sim = await createSimulatedCnie(options);
  const { bus, control } = createSimulatedPcscBus();
  control.addReader(SIMULATED_READER);
  control.insertCard(SIMULATED_READER, sim.chip);
  return { ...sim, bus, control, readerName: SIMULATED_READER };
}
