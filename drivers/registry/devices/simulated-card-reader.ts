/**
 * The simulated contactless reader of a demo or training station: the in-process PC/SC bus with one
 * reader, driven by the real PC/SC reader driver. Its test capture taps a simulated card, selects
 * the eMRTD application and reports the ATR and status word (no personal data).
 */
import { descriptors } from '../../core/descriptor';
import { encodeCommandApdu, parseResponseApdu } from '../../devices/iso7816/apdu';
import { formatStatusWord } from '../../devices/iso7816/status-words';
import { PcscCardReader } from '../../devices/pcsc-reader/driver';
import {
  createSimulatedPcscBus,
  type SimulatedPcscControl,
} from '../../devices/pcsc-reader/simulator/in-process-bus';
import { FileSystemCard, type VirtualCard } from '../../devices/pcsc-reader/simulator/virtual-card';
import { DriverBackedDevice, type PresenceAction, type TestCapture } from '../managed-device';

export const simulatedReaderName = 'Lecteur sans contact simulé 00 00';
const emrtdAid = 'A0000002471001';

export class SimulatedCardReader extends DriverBackedDevice<PcscCardReader> {
  private control: SimulatedPcscControl | undefined;

  constructor(id: string) {
    super(id, descriptors.pcscReader, true);
  }

  protected async openDriver(): Promise<PcscCardReader> {
    const { bus, control } = createSimulatedPcscBus();
    control.addReader(simulatedReaderName);
    bus.onReaderRemoved(() => this.disconnected('Lecteur débranché'));
    this.control = control;
    return new PcscCardReader(bus);
  }

  async simulate(action: PresenceAction): Promise<void> {
    if (action === 'plug') {
      if (this.status().connection !== 'connected') await this.connect();
    } else if (action === 'unplug') {
      this.control?.removeReader(simulatedReaderName);
    } else {
      this.update({ connection: 'error', detail: 'Défaut simulé : le lecteur ne répond plus' });
    }
  }

  /** Simulation: a person puts `card` on the reader (replacing any card there). */
  presentCard(card: VirtualCard): void {
    this.control?.insertCard(simulatedReaderName, card);
  }

  /** Simulation: the card is taken off the reader. */
  takeCardOff(): void {
    this.control?.removeCard(simulatedReaderName);
  }

  testCapture(): Promise<TestCapture> {
    return this.guarded(async () => {
      const reader = this.requireDriver();
      const waiting = reader.waitForCard({ timeoutMs: 5000 });
      this.control?.insertCard(simulatedReaderName, new FileSystemCard({ applications: [emrtdAid] }));
      const channel = await waiting;
      try {
        const select = encodeCommandApdu({
          cla: 0,
          ins: 0xa4,
          p1: 4,
          p2: 0x0c,
          data: Buffer.from(emrtdAid, 'hex'),
        });
        const { sw } = parseResponseApdu(await channel.transmit(select));
        const atr = Buffer.from(channel.atr).toString('hex').toUpperCase();
        return {
          summary: `Carte détectée (ATR ${atr}) ; sélection de l’application eMRTD : ${formatStatusWord(sw)}`,
        };
      } finally {
        await channel.disconnect();
        this.control?.removeCard(simulatedReaderName);
      }
    });
  }
}
