/**
 * The idle warning: a modal dialog with the countdown to the lock and "Je suis là" (Escape does the
 * same). It closes by itself when the session is used again or locks.
 */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import { useCommand } from '../../bridge/context';

function secondsUntil(iso: string | undefined): number {
  if (!iso) return 0;
  return Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));
}

export function IdleWarningDialog({ locksAt }: { locksAt: string | undefined }) {
  const invoke = useCommand();
  const dialog = useRef<HTMLDialogElement>(null);
  const [seconds, setSeconds] = useState(() => secondsUntil(locksAt));

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  useEffect(() => {
    setSeconds(secondsUntil(locksAt));
    const timer = setInterval(() => setSeconds(secondsUntil(locksAt)), 1000);
    return () => clearInterval(timer);
  }, [locksAt]);

  const stay = () => void invoke('session.activity', {});
  return (
    <dialog
      ref={dialog}
      className="recueil-idle-dialog"
      aria-labelledby="inactivite-titre"
      aria-describedby="inactivite-texte"
      data-testid="idle-warning"
      onCancel={(e) => {
        e.preventDefault();
        stay();
      }}
    >
      <h2 id="inactivite-titre" className="fr-h4">
        Êtes-vous toujours là ?
      </h2>
      <p id="inactivite-texte">
        Faute d’activité, votre session va se verrouiller dans{' '}
        <strong data-testid="idle-countdown">{seconds}</strong> seconde{seconds > 1 ? 's' : ''}.
      </p>
      <Button size="large" onClick={stay} nativeButtonProps={{ autoFocus: true }}>
        Je suis là
      </Button>
    </dialog>
  );
}
