/**
 * Step 1 of an application: the title asked for, its reason and the applicant's identity, with the
 * counter checks before capture. The pre-application number, typed, read from its QR code by the
 * camera or scanned by the barcode reader, fetches the pre-application: its fields fill the form for
 * the agent to confirm against the documents (what the agent corrects is recorded by the station),
 * and the appointment platform says whether the same number holds appointments elsewhere. The proof
 * of address's 2D-DOC is verified offline, the tax stamp against the ledger and the title's fee.
 * Offline, each check keeps the entry, flagged, and is redone at the next sync. No bad entry clears
 * the form.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type {
  ApplicantIdentity,
  ApplicationDraft,
  ApplicationReason,
  AppointmentsCheck,
  CounterScan,
  PreApplicationCheck,
  TaxStampCheck,
  TitleType,
  TwoDDocProof,
} from '../../../../main/contract';
import { useCommand, useStationEvents } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { applicationReasonLabel } from '../../ui/labels';
import { CheckAlert } from './CheckAlert';
import { runOnEnter } from './enter-key';
import { ProofOfAddress } from './ProofOfAddress';
import { preApplicationNumberFromQr } from './pre-application-qr';
import { QrScanner } from './QrScanner';
import { TaxStampField } from './TaxStampField';

type Identity = Record<'surname' | 'givenNames' | 'birthDate' | 'sex' | 'birthPlace', string>;
const emptyIdentity: Identity = { surname: '', givenNames: '', birthDate: '', sex: '', birthPlace: '' };

const fromPreApplication = (identity: ApplicantIdentity): Identity => ({
  surname: identity.surname,
  givenNames: identity.givenNames,
  birthDate: identity.birthDate,
  sex: identity.sex,
  birthPlace: identity.birthPlace ?? '',
});

const dateTimeFr = (iso: string) =>
  `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} à ${iso.slice(11, 16)}`;

function Appointments({ check }: { check: AppointmentsCheck }) {
  return (
    <CheckAlert
      subject="Rendez-vous (anti-doublon)"
      outcome={check.outcome}
      message={check.message}
      testId="appointments-check"
    >
      {check.elsewhere.length > 0 && (
        <ul className="fr-mt-1w" aria-label="Rendez-vous pris ailleurs avec ce numéro">
          {check.elsewhere.map((a) => (
            <li key={`${a.place}-${a.date}`}>
              {a.place}, le {dateTimeFr(a.date)}
            </li>
          ))}
        </ul>
      )}
    </CheckAlert>
  );
}

export function IdentityStep({ onStarted }: { onStarted: (draft: ApplicationDraft) => void }) {
  const invoke = useCommand();
  const events = useStationEvents();
  const [titleType, setTitleType] = useState<TitleType>('id-card');
  const [reason, setReason] = useState<ApplicationReason | ''>('');
  const [identity, setIdentity] = useState<Identity>(emptyIdentity);
  const [prefilled, setPrefilled] = useState<Identity>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [number, setNumber] = useState('');
  const [scanning, setScanning] = useState(false);
  const [looking, setLooking] = useState(false);
  const [preApplication, setPreApplication] = useState<PreApplicationCheck>();
  const [appointments, setAppointments] = useState<AppointmentsCheck>();
  const [proof, setProof] = useState<TwoDDocProof>();
  const [stampNumber, setStampNumber] = useState('');
  const [stamp, setStamp] = useState<TaxStampCheck>();
  const [stampBusy, setStampBusy] = useState(false);
  const [scanProblem, setScanProblem] = useState<string>();

  const field = (name: keyof Identity) => ({
    name,
    value: identity[name],
    onChange: (e: { target: { value: string } }) => setIdentity((v) => ({ ...v, [name]: e.target.value })),
  });
  const correctedHint = (name: keyof Identity) =>
    prefilled && prefilled[name].trim().toUpperCase() !== identity[name].trim().toUpperCase()
      ? `Corrigé par rapport à la pré-demande (« ${prefilled[name] || 'vide'} ») : la correction est enregistrée.`
      : undefined;

  const lookUp = async (typed: string) => {
    const wanted = typed.trim();
    if (!wanted) return setPreApplication(undefined);
    setLooking(true);
    const [pre, rdv] = await Promise.all([
      invoke('counter.preApplication', { number: wanted }),
      invoke('counter.appointments', { number: wanted }),
    ]);
    setLooking(false);
    if (!pre.ok) {
      setPreApplication(undefined);
      setAppointments(undefined);
      return setError(errorText(pre.error));
    }
    setError(undefined);
    setPreApplication(pre.value);
    setAppointments(rdv.ok && pre.value.outcome !== 'invalid' ? rdv.value : undefined);
    const fetched = pre.value.application;
    if (fetched) {
      const filled = fromPreApplication(fetched.identity);
      setIdentity(filled);
      setPrefilled(filled);
      setTitleType(fetched.titleType);
      setReason(fetched.reason);
    }
  };

  const checkStamp = async (typed = stampNumber) => {
    if (!typed.trim()) return;
    if (!identity.birthDate || !reason)
      return setStamp({
        number: typed,
        outcome: 'invalid',
        message:
          'Choisissez le motif de la demande et saisissez la date de naissance : le montant du timbre en dépend.',
      });
    setStampBusy(true);
    const result = await invoke('counter.taxStamp', {
      number: typed,
      titleType,
      reason,
      birthDate: identity.birthDate,
    });
    setStampBusy(false);
    if (!result.ok) return setStamp({ number: typed, outcome: 'invalid', message: errorText(result.error) });
    setStamp(result.value);
  };

  // The barcode reader: what it reads goes where it belongs (latest handlers through a ref).
  const onScan = useRef<(scan: CounterScan) => void>(() => undefined);
  onScan.current = (scan) => {
    const { code } = scan;
    setScanProblem(undefined);
    if (code.kind === 'pre-application') {
      setNumber(code.number);
      void lookUp(code.number);
    } else if (code.kind === '2ddoc') setProof(code.proof);
    else if (code.kind === 'tax-stamp') {
      setStampNumber(code.number);
      void checkStamp(code.number);
    } else setScanProblem(code.message);
  };
  useEffect(() => events.subscribe('counter.scan', (scan) => onScan.current(scan)), [events]);

  const stampKept =
    stamp && (stamp.outcome === 'ok' || stamp.outcome === 'deferred') ? stamp.number : undefined;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const preApplicationNumber = number.replace(/[\s-]/g, '').toUpperCase();
    setBusy(true);
    const result = await invoke('application.start', {
      titleType,
      ...(preApplicationNumber ? { preApplicationNumber } : {}),
      ...(reason ? { reason } : {}),
      ...(stampKept ? { taxStampNumber: stampKept } : {}),
      applicant: {
        surname: identity.surname.trim(),
        givenNames: identity.givenNames.trim(),
        birthDate: identity.birthDate,
        sex: identity.sex as 'F' | 'M' | 'X',
        ...(identity.birthPlace.trim() ? { birthPlace: identity.birthPlace.trim() } : {}),
      },
    });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onStarted(result.value);
  };

  const address = preApplication?.application?.address;
  return (
    <form onSubmit={submit} aria-labelledby="identite-titre">
      <h2 id="identite-titre">Demande et identité du demandeur</h2>
      <p className="fr-text--sm">
        Le lecteur de codes est prêt : scannez le récapitulatif de pré-demande, le justificatif de domicile ou
        le timbre fiscal, dans n’importe quel ordre.
      </p>
      {scanProblem && <CheckAlert subject="Code scanné" outcome="invalid" message={scanProblem} />}
      <Input
        label="Numéro de pré-demande (facultatif)"
        hintText="10 lettres ou chiffres, figurant sur le récapitulatif de la pré-demande en ligne"
        nativeInputProps={{
          name: 'preApplicationNumber',
          maxLength: 12,
          autoComplete: 'off',
          value: number,
          onChange: (e) => setNumber(e.target.value),
          onKeyDown: runOnEnter(() => void lookUp(number)),
        }}
      />
      <div className="fr-btns-group fr-btns-group--inline fr-mb-2w">
        <Button type="button" priority="secondary" disabled={looking} onClick={() => void lookUp(number)}>
          Rechercher la pré-demande
        </Button>
        {!scanning && (
          <Button type="button" priority="tertiary" onClick={() => setScanning(true)}>
            Scanner le QR code de la pré-demande
          </Button>
        )}
      </div>
      {scanning && (
        <QrScanner
          label="Présentez le QR code du récapitulatif de pré-demande devant la caméra."
          accept={preApplicationNumberFromQr}
          onFound={(found) => {
            setNumber(found);
            setScanning(false);
            void lookUp(found);
          }}
          onClose={() => setScanning(false)}
        />
      )}
      <div aria-live="polite">
        {preApplication && (
          <CheckAlert
            subject={`Pré-demande ${preApplication.number}`}
            outcome={preApplication.outcome}
            message={
              preApplication.application
                ? `${preApplication.message} Les champs ci-dessous sont pré-remplis : corrigez ce qui diffère des pièces.`
                : preApplication.message
            }
            testId="pre-application-check"
          />
        )}
        {appointments && <Appointments check={appointments} />}
      </div>
      <RadioButtons
        legend="Titre demandé"
        orientation="horizontal"
        options={[
          {
            label: 'Carte nationale d’identité',
            nativeInputProps: { checked: titleType === 'id-card', onChange: () => setTitleType('id-card') },
          },
          {
            label: 'Passeport',
            nativeInputProps: { checked: titleType === 'passport', onChange: () => setTitleType('passport') },
          },
        ]}
      />
      <Select
        label="Motif de la demande (facultatif)"
        nativeSelectProps={{
          name: 'reason',
          value: reason,
          onChange: (e) => setReason(e.target.value as ApplicationReason | ''),
        }}
      >
        <option value="">Non précisé</option>
        {Object.entries(applicationReasonLabel).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
      <Input
        label="Nom de naissance"
        hintText={correctedHint('surname')}
        nativeInputProps={{ ...field('surname'), required: true, autoComplete: 'off' }}
      />
      <Input
        label="Prénoms"
        hintText={correctedHint('givenNames')}
        nativeInputProps={{ ...field('givenNames'), required: true, autoComplete: 'off' }}
      />
      <Input
        label="Date de naissance"
        hintText={correctedHint('birthDate')}
        nativeInputProps={{ ...field('birthDate'), type: 'date', required: true }}
      />
      <Select
        label="Sexe"
        hint={correctedHint('sex')}
        nativeSelectProps={{ ...field('sex'), required: true }}
      >
        <option value="" disabled>
          Choisir
        </option>
        <option value="F">Féminin</option>
        <option value="M">Masculin</option>
        <option value="X">Non spécifié</option>
      </Select>
      <Input
        label="Lieu de naissance (facultatif)"
        hintText={correctedHint('birthPlace')}
        nativeInputProps={{ ...field('birthPlace'), autoComplete: 'off' }}
      />
      <ProofOfAddress
        proof={proof}
        onProof={setProof}
        compare={{
          name: [identity.surname, identity.givenNames].filter(Boolean).join(' '),
          ...(address ? { addressLine: address.line, postcode: address.postcode, city: address.city } : {}),
        }}
      />
      <TaxStampField
        number={stampNumber}
        onNumber={(value) => {
          setStampNumber(value);
          setStamp(undefined);
        }}
        check={stamp}
        busy={stampBusy}
        onCheck={() => void checkStamp()}
      />
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      <Button type="submit" disabled={busy} size="large">
        Commencer la demande
      </Button>
    </form>
  );
}
