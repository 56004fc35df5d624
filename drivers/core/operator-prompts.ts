/**
 * Operator prompts of a running operation ("Posez le doigt sur le capteur"), reported once each as the
 * capability contract asks (OperationOptions.onPrompt: emitted when the prompt changes).
 */
import type { OperationOptions } from './capabilities';
import type { DeviceError } from './errors';

/**
 * A reporter for one operation: an 'operator' error that differs from the last one goes to onPrompt and
 * onProgress (its French prompt, fraction 0); the same prompt again is dropped; any other error is thrown.
 */
export function operatorPrompts(
  options: Pick<OperationOptions, 'onPrompt' | 'onProgress'>,
): (error: DeviceError) => void {
  let last: string | undefined;
  return (error) => {
    if (error.kind !== 'operator') throw error;
    if (error.code === last) return;
    last = error.code;
    options.onPrompt?.(error);
    options.onProgress?.(error.prompt ?? error.message, 0);
  };
}
