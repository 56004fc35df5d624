/**
 * The simulated agent-card bench (demo, training, tests): a contact reader on its own in-process
 * PC/SC bus, a test agent CA generated when the device host starts, and one simulated card per
 * demo choice (PIN 1234): agent, agent certificateur, technicien, an expired card and a card from
 * another CA. Each card keeps its PIN counter while the device host runs (three wrong PINs block
 * it, as a real card). With a folder, the test PKI (certificates and demo card keys, never personal
 * data) is kept there so that agent ids stay the same across device-host restarts. Demo material
 * only: its CA must never be trusted on a real station.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatedAgentCard } from '../devices/agent-card/simulator/agent-card';
import { type AgentCa, createAgentCa } from '../devices/agent-card/simulator/agent-pki';
import { PcscCardReader } from '../devices/pcsc-reader/driver';
import { createSimulatedPcscBus } from '../devices/pcsc-reader/simulator/in-process-bus';

export const simulatedAgentReaderName = 'Lecteur de carte agent simulé 00 00';
export const simulatedAgentPin = '1234';
export type SimulatedCardChoice = 'agent' | 'agent-certificateur' | 'technicien' | 'expired' | 'untrusted';

const DAY = 86_400_000;

export interface SimulatedAgentBench {
  /** The test agent CA (DER): the trust anchor of a simulated station without `session.agentCaFile`. */
  readonly caCertificate: Uint8Array;
  readonly driver: PcscCardReader;
  /** Takes out the card in the reader (if any), then inserts the chosen one (unless "remove"). */
  insert(choice: SimulatedCardChoice | 'remove'): void;
  close(): Promise<void>;
}

type Credentials = ReturnType<AgentCa['issue']>;
interface StoredPki {
  ca: string;
  cards: Record<SimulatedCardChoice, { certificate: string; privateKey: string }>;
}

function issueCredentials(ca: AgentCa): Record<SimulatedCardChoice, Credentials> {
  const card = (credentials: Credentials) => credentials;
  const now = Date.now();
  return {
    agent: card(ca.issue({ role: 'agent', holder: 'Agent de démonstration' })),
    'agent-certificateur': card(
      ca.issue({ role: 'agent-certificateur', holder: 'Agent certificateur de démonstration' }),
    ),
    technicien: card(ca.issue({ role: 'technicien', holder: 'Technicien de démonstration' })),
    expired: card(
      ca.issue({
        role: 'agent',
        holder: 'Agent expiré',
        notBefore: new Date(now - 400 * DAY),
        notAfter: new Date(now - DAY),
      }),
    ),
    untrusted: card(createAgentCa({ organisation: 'Mairie inconnue' }).issue({ role: 'agent' })),
  };
}

const choices = ['agent', 'agent-certificateur', 'technicien', 'expired', 'untrusted'] as const;

function loadPki(file: string): { ca: Uint8Array; credentials: Record<SimulatedCardChoice, Credentials> } {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredPki;
  const entries = choices.map((choice) => {
    const c = stored.cards[choice];
    return [
      choice,
      {
        certificate: new Uint8Array(Buffer.from(c.certificate, 'base64')),
        privateKey: createPrivateKey(c.privateKey),
      },
    ] as const;
  });
  return {
    ca: new Uint8Array(Buffer.from(stored.ca, 'base64')),
    credentials: Object.fromEntries(entries) as Record<SimulatedCardChoice, Credentials>,
  };
}

function newPki(file: string | undefined) {
  const ca = createAgentCa({ organisation: 'Mairie de démonstration' });
  const credentials = issueCredentials(ca);
  if (file) {
    const stored: StoredPki = {
      ca: Buffer.from(ca.certificate).toString('base64'),
      cards: Object.fromEntries(
        choices.map((choice) => [
          choice,
          {
            certificate: Buffer.from(credentials[choice].certificate).toString('base64'),
            privateKey: credentials[choice].privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          },
        ]),
      ) as StoredPki['cards'],
    };
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return { ca: ca.certificate, credentials };
}

/** The bench; with `dir`, its test PKI is read from (or first written to) `dir/agent-cards.json`. */
export function createSimulatedAgentBench(dir?: string): SimulatedAgentBench {
  let pki: { ca: Uint8Array; credentials: Record<SimulatedCardChoice, Credentials> } | undefined;
  const file = dir ? join(dir, 'agent-cards.json') : undefined;
  if (file) {
    try {
      pki = loadPki(file);
    } catch {
      pki = undefined;
    }
  }
  if (!pki) {
    if (dir) mkdirSync(dir, { recursive: true });
    pki = newPki(file);
  }
  const credentials = pki.credentials;
  const cards = Object.fromEntries(
    choices.map((choice) => [
      choice,
      new SimulatedAgentCard({ ...credentials[choice], pin: simulatedAgentPin }),
    ]),
  ) as Record<SimulatedCardChoice, SimulatedAgentCard>;
  const { bus, control } = createSimulatedPcscBus();
  control.addReader(simulatedAgentReaderName);
  const driver = new PcscCardReader(bus);
  let inserted = false;
  return {
    caCertificate: pki.ca,
    driver,
    insert(choice) {
      if (inserted) control.removeCard(simulatedAgentReaderName);
      inserted = false;
      if (choice === 'remove') return;
      control.insertCard(simulatedAgentReaderName, cards[choice]);
      inserted = true;
    },
    close: () => driver.close(),
  };
}
