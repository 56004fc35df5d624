/**
 * The handler registry: validate the request against the contract -> call the service -> validate the
 * response -> return a result envelope. Every transport (Electron IPC, loopback WebSocket) goes
 * through `dispatch`, so no handler ever sees an unchecked request and no exception crosses a boundary.
 */
import { type Result, toErrorPayload } from '../../common/errors';
import {
  type CommandName,
  type CommandParams,
  type CommandResponse,
  commands,
  isCommandName,
  parseCommandRequest,
} from '../contract/api';
import type { Logger } from '../services/logger';

export type CommandHandlers = {
  [C in CommandName]: (request: CommandParams<C>) => Promise<CommandResponse<C>> | CommandResponse<C>;
};

export type Dispatch = (command: string, payload: unknown) => Promise<Result<unknown>>;

export function createDispatcher(handlers: CommandHandlers, logger: Logger): Dispatch {
  return async (command, payload) => {
    if (!isCommandName(command)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_COMMAND', message: `Commande inconnue : ${command.slice(0, 64)}` },
      };
    }
    const definition = commands[command];
    const request = parseCommandRequest(command, payload);
    if (!request.ok) return request;
    try {
      const handler = handlers[command] as (r: unknown) => Promise<unknown> | unknown;
      const value = await handler(request.value);
      const response = definition.response.safeParse(value);
      if (!response.success) {
        logger.error(
          { command, issues: response.error.issues.length },
          'handler returned a value outside the contract',
        );
        return {
          ok: false,
          error: { code: 'INTERNAL', message: 'Réponse interne non conforme au contrat.' },
        };
      }
      return { ok: true, value: response.data };
    } catch (error) {
      const payloadError = toErrorPayload(error);
      if (payloadError.code === 'INTERNAL') logger.error({ command, err: error }, 'command failed');
      else logger.info({ command, code: payloadError.code }, 'command refused');
      return { ok: false, error: payloadError };
    }
  };
}
