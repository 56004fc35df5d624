/**
 * The handler registry: check the caller's session and role against the command's declared action ->
 * validate the request against the contract -> call the service -> validate the response -> return a
 * result envelope. Every transport (Electron IPC, loopback WebSocket) goes through `dispatch`, so no
 * handler ever sees an unauthorised or unchecked request and no exception crosses a boundary. A
 * handler whose command declares no action cannot be registered (`createDispatcher` throws).
 */
import type { SessionRole } from '../../common/domain';
import { type Result, toErrorPayload } from '../../common/errors';
import {
  type CommandName,
  type CommandParams,
  type CommandResponse,
  commandNames,
  commands,
  isCommandName,
  parseCommandRequest,
} from '../contract/api';
import type { Logger } from '../services/logger';

/** The agent whose open session the registry checked, given to the handler. */
export interface AuthorizedAgent {
  agentId: string;
  role: SessionRole;
}

/** What a handler gets besides its request: the checked agent (absent for open commands). */
export interface CommandContext {
  agent?: AuthorizedAgent;
}

export type CommandHandlers = {
  [C in CommandName]: (
    request: CommandParams<C>,
    context?: CommandContext,
  ) => Promise<CommandResponse<C>> | CommandResponse<C>;
};

/**
 * Who may run what: each command's declared access (`open`, or the action the session's role must
 * allow), and the session check itself, which returns the agent or throws a StationError
 * (`SESSION_REQUIRED` without an open session, `FORBIDDEN` for a role without the action).
 */
export interface CommandGuard<A extends string = string> {
  access: { readonly [C in CommandName]: 'open' | A };
  authorize(action: A): AuthorizedAgent;
}

export type Dispatch = (command: string, payload: unknown) => Promise<Result<unknown>>;

export function createDispatcher<A extends string>(
  handlers: CommandHandlers,
  guard: CommandGuard<A>,
  logger: Logger,
): Dispatch {
  for (const name of Object.keys(handlers)) {
    if (!isCommandName(name)) throw new Error(`handler for an unknown command: ${name}`);
    if (!Object.hasOwn(guard.access, name) || !guard.access[name])
      throw new Error(`command ${name} declares no action: its handler cannot be registered`);
  }
  for (const name of commandNames) {
    if (typeof handlers[name] !== 'function') throw new Error(`command ${name} has no handler`);
  }
  return async (command, payload) => {
    if (!isCommandName(command)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_COMMAND', message: `Commande inconnue : ${command.slice(0, 64)}` },
      };
    }
    const context: CommandContext = {};
    const access = guard.access[command];
    if (access !== 'open') {
      try {
        context.agent = guard.authorize(access);
      } catch (error) {
        const refusal = toErrorPayload(error);
        logger.info({ command, code: refusal.code }, 'command refused');
        return { ok: false, error: refusal };
      }
    }
    const definition = commands[command];
    const request = parseCommandRequest(command, payload);
    if (!request.ok) return request;
    try {
      const handler = handlers[command] as (r: unknown, c: CommandContext) => Promise<unknown> | unknown;
      const value = await handler(request.value, context);
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
