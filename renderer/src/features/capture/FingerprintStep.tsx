/**
 * Fingerprint step: one capture per click on the scanner, with the quality and one instruction per
 * attempt; at most the configured number of attempts, then the best is kept; a finger can be
 * declared missing or unusable with its reason (the next finger is then asked for).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import {
  type ApplicationDraft,
  type FingerAttempt,
  type FingerPosition,
  type FingerSlot,
  fingerNamesFr,
} from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { ReasonSelect } from '../../ui/ReasonSelect';

const absenceReasons = [
  { code: 'amputated', label: 'Doigt amputé' },
  { code: 'bandaged', label: 'Doigt sous pansement' },
  { code: 'injured', label: 'Doigt blessé' },
  { code: 'skin-condition', label: 'Affection de la peau' },
  { code: 'other', label: 'Autre motif' },
] as const;
type AbsenceReason = (typeof absenceReasons)[number]['code'];

const statusLabel: Record<FingerSlot['status'], string> = {
  pending: 'à capturer',
  captured: 'capturée',
  missing: 'doigt absent',
  unusable: 'doigt inutilisable',
};

function FingerCard({ slot, onDraft }: { slot: FingerSlot; onDraft: (draft: ApplicationDraft) => void }) {
  const invoke = useCommand();
  const [attempt, setAttempt] = useState<FingerAttempt>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState<AbsenceReason | ''>('');
  const name = fingerNamesFr[slot.finger];

  const capture = async () => {
    setBusy(true);
    setError(undefined);
    const result = await invoke('application.captureFinger', { finger: slot.finger });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    setAttempt(result.value.attempt);
    onDraft(result.value.draft);
  };

  const mark = async (status: 'missing' | 'unusable') => {
    if (!reason) return;
    const result = await invoke('application.markFinger', { finger: slot.finger, status, reason });
    if (!result.ok) return setError(errorText(result.error));
    onDraft(result.value);
  };

  return (
    <div className="fr-col-12 fr-col-md-6">
      <div className="fr-card fr-card--no-arrow">
        <div className="fr-card__body">
          <div className="fr-card__content">
            <h3 className="fr-card__title">
              {name[0]?.toUpperCase()}
              {name.slice(1)} : {statusLabel[slot.status]}
            </h3>
            <p className="fr-card__desc">
              {slot.attempts > 0 && `${slot.attempts} essai(s)`}
              {slot.bestQuality !== undefined && `, meilleure qualité ${slot.bestQuality}/100`}
              {slot.reason &&
                `Motif : ${absenceReasons.find((r) => r.code === slot.reason)?.label ?? slot.reason}`}
            </p>
            {attempt && (
              <>
                <img
                  className="recueil-fingerprint"
                  src={`data:image/png;base64,${attempt.pngBase64}`}
                  alt={`Empreinte capturée : ${name}, essai ${attempt.attempt}`}
                />
                <Alert
                  severity={attempt.accepted ? 'success' : 'warning'}
                  small
                  description={attempt.feedback}
                />
              </>
            )}
            {error && <Alert severity="error" small description={error} />}
            {slot.status === 'pending' && (
              <div className="fr-mt-2w">
                <Button size="large" disabled={busy} onClick={capture}>
                  {busy ? 'Capture en cours… posez le doigt' : `Capturer : ${name}`}
                </Button>
                <ReasonSelect
                  className="fr-mt-2w"
                  label="Doigt absent ou inutilisable : motif"
                  reasons={absenceReasons}
                  value={reason}
                  onChange={setReason}
                />
                <div className="fr-btns-group fr-btns-group--inline-md">
                  <Button priority="secondary" disabled={!reason} onClick={() => mark('missing')}>
                    Déclarer le doigt absent
                  </Button>
                  <Button priority="secondary" disabled={!reason} onClick={() => mark('unusable')}>
                    Déclarer le doigt inutilisable
                  </Button>
                </div>
              </div>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

export function FingerprintStep({
  draft,
  onDraft,
}: {
  draft: ApplicationDraft;
  onDraft: (draft: ApplicationDraft) => void;
}) {
  if (!draft.fingerprints.required) {
    return (
      <Alert
        severity="info"
        title="Pas de relevé d’empreintes"
        description="Le demandeur n’a pas l’âge requis pour le relevé des empreintes."
      />
    );
  }
  const keyOf = (finger: FingerPosition) => finger;
  return (
    <section aria-labelledby="empreintes-titre">
      <h2 id="empreintes-titre">Empreintes digitales</h2>
      <p>Deux empreintes à plat : les index par défaut. Trois essais au plus par doigt.</p>
      <div className="fr-grid-row fr-grid-row--gutters">
        {draft.fingerprints.slots.map((slot) => (
          <FingerCard key={keyOf(slot.finger)} slot={slot} onDraft={onDraft} />
        ))}
      </div>
    </section>
  );
}
