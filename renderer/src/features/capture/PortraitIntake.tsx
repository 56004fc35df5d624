/**
 * The portrait step's three intakes (issue 18 D): the e-photo code an approved booth or
 * photographer gave the applicant (typed, or read from the board by the barcode reader into the
 * field), the paper photo scanned on the flatbed (the scan's image file), and live capture at the
 * counter (consulates, exemptions: PortraitStep). The agent picks one; the station checks whichever
 * portrait results, and the verdict is the same for all three (PortraitVerdict).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { type FormEvent, useState } from 'react';
import type { ApplicationDraft, PortraitIntakeResult } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { type AcceptedPortrait, PortraitStep } from './PortraitStep';
import { type OverrideReason, PortraitVerdict } from './PortraitVerdict';

export type IntakeKind = 'ephoto' | 'scan' | 'live';

const intakes: { kind: IntakeKind; label: string; hint: string }[] = [
  { kind: 'ephoto', label: 'Code e-photo', hint: 'Photo déposée par une cabine ou un photographe agréé' },
  { kind: 'scan', label: 'Photo papier', hint: 'Numérisée sur le scanner à plat du poste' },
  { kind: 'live', label: 'Prise de vue au guichet', hint: 'Consulats, dispenses : caméra du poste' },
];

type Kept = Extract<PortraitIntakeResult, { outcome: 'kept' }>;

/** A file's bytes as base64 (the scan travels to the station in memory, never to disk). */
async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function PortraitIntake(props: {
  initial?: IntakeKind;
  onAccept: (portrait: AcceptedPortrait) => Promise<string | undefined>;
  onDraft: (draft: ApplicationDraft) => void;
  onDone: () => void;
}) {
  const invoke = useCommand();
  const [kind, setKind] = useState<IntakeKind>(props.initial ?? 'live');
  const [code, setCode] = useState('');
  const [scan, setScan] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [kept, setKept] = useState<Kept>();
  const [accepted, setAccepted] = useState(false);

  const bring = async (overrideReason?: OverrideReason) => {
    setBusy(true);
    setProblem(undefined);
    const reason = overrideReason ? { overrideReason } : {};
    const result =
      kind === 'ephoto'
        ? await invoke('application.portraitEphoto', { code, ...reason })
        : scan
          ? await invoke('application.portraitScan', { imageBase64: await fileBase64(scan), ...reason })
          : undefined;
    setBusy(false);
    if (!result) return setProblem('Choisissez d’abord le fichier de la numérisation.');
    if (!result.ok) return setProblem(errorText(result.error));
    if (result.value.outcome === 'refused') return setProblem(result.value.message);
    setKept(result.value);
    props.onDraft(result.value.draft);
    // An override keeps the photo at once; a compliant one waits for the agent's "Valider".
    if (overrideReason) {
      setAccepted(true);
      props.onDone();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void bring();
  };

  const choose = (next: IntakeKind) => {
    setKind(next);
    setKept(undefined);
    setProblem(undefined);
    setAccepted(false);
  };

  return (
    <div>
      <RadioButtons
        legend="Provenance de la photo"
        name="provenance-photo"
        orientation="horizontal"
        options={intakes.map((i) => ({
          label: i.label,
          hintText: i.hint,
          nativeInputProps: { value: i.kind, checked: kind === i.kind, onChange: () => choose(i.kind) },
        }))}
      />
      {kind === 'live' ? (
        <PortraitStep onAccept={props.onAccept} onDone={() => props.onDone()} />
      ) : (
        <section aria-labelledby="etape-photo">
          <h2 id="etape-photo" className="fr-h3">
            Photo d’identité
          </h2>
          {problem && (
            <Alert
              className="fr-mb-2w"
              severity="error"
              small
              description={problem}
              data-testid="intake-problem"
            />
          )}
          {!kept && (
            <form onSubmit={submit} data-testid={`intake-${kind}`}>
              {kind === 'ephoto' ? (
                <Input
                  label="Code e-photo"
                  hintText="22 caractères, tels qu’imprimés sur la planche (espaces permis) ; ou lisez son code-barres."
                  nativeInputProps={{
                    value: code,
                    onChange: (e) => setCode(e.target.value),
                    autoComplete: 'off',
                    spellCheck: false,
                    maxLength: 64,
                  }}
                />
              ) : (
                <Upload
                  label="Numérisation de la photo papier"
                  hint="Image du scanner à plat (PNG, JPEG ou TIFF) : photo posée sur la vitre, à 300 ou 600 ppp."
                  nativeInputProps={{
                    accept: 'image/png,image/jpeg,image/tiff',
                    onChange: (e) => setScan(e.target.files?.[0]),
                  }}
                />
              )}
              <Button className="fr-mt-2w" type="submit" disabled={busy}>
                {busy
                  ? 'Vérification…'
                  : kind === 'ephoto'
                    ? 'Récupérer la photo'
                    : 'Analyser la numérisation'}
              </Button>
            </form>
          )}
          {kept && (
            <PortraitVerdict
              analysis={kept.analysis}
              imageUrl={`data:image/jpeg;base64,${kept.portraitJpegBase64}`}
              imageAlt={
                kind === 'ephoto' ? 'Portrait reçu du service e-photo' : 'Portrait extrait de la numérisation'
              }
              source={kept.source}
              accepted={accepted}
              onAccept={(reason) => {
                if (reason) return void bring(reason);
                setAccepted(true);
                props.onDone();
              }}
              onRetry={() => choose(kind)}
              retryLabel={kind === 'ephoto' ? 'Saisir un autre code' : 'Numériser à nouveau'}
            />
          )}
        </section>
      )}
    </div>
  );
}
