/**
 * The handler registry: check the caller's session and role against the command's declared action ->
 * validate the request against the contract -> call the service -> validate the response -> return a
 * result envelope. Every transport (Electron IPC, loopback WebSocket) goes through `dispatch`, so no
 * handler ever sees an unauthorised or unchecked request and no exception crosses a boundary. A
 * handler whose command declares no action cannot be registered (`createDispatcher` throws).
 * Every failure is reported to the incident log, which logs its technical detail and answers the
 * envelope without it (code, French message, incident id).
 */
import type { SessionRole } from '../../common/domain';
import { type ErrorPayload, type Result, TECHNICAL_DETAIL, toErrorPayload } from '../../common/errors';
import {
  type CommandName,
  type CommandParams,
  type CommandResponse,
  commandNames,
  commands,
  isCommandName,
  parseCommandRequest,
} from '../contract/api';
import { IncidentLog } from '../services/incidents';
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
  incidents: IncidentLog = new IncidentLog(logger),
): Dispatch {
  for (const name of Object.keys(handlers)) {
    if (!isCommandName(name)) throw new Error(`handler for an unknown command: ${name}`);
    if (!Object.hasOwn(guard.access, name) || !guard.access[name])
      throw new Error(`command ${name} declares no action: its handler cannot be registered`);
  }
  for (const name of commandNames) {
    if (typeof handlers[name] !== 'function') throw new Error(`command ${name} has no handler`);
  }
  const refuse = (command: string, error: ErrorPayload, thrown?: unknown): Result<never> => ({
    ok: false,
    error: incidents.report(command, error, thrown),
  });
  return async (command, payload) => {
    if (!isCommandName(command)) {
      return refuse(command.slice(0, 64), {
        code: 'UNKNOWN_COMMAND',
        message: 'Commande inconnue du poste : rechargez l’écran ; si cela persiste, contactez l’assistance.',
        details: { command: command.slice(0, 64) },
      });
    }
    const context: CommandContext = {};
    const access = guard.access[command];
    if (access !== 'open') {
      try {
        context.agent = guard.authorize(access);
      } catch (error) {
        return refuse(command, toErrorPayload(error), error);
      }
    }
    const definition = commands[command];
    const request = parseCommandRequest(command, payload);
    if (!request.ok) return refuse(command, request.error);
    try {
      const handler = handlers[command] as (r: unknown, c: CommandContext) => Promise<unknown> | unknown;
      const value = await handler(request.value, context);
      const response = definition.response.safeParse(value);
      if (!response.success) {
        return refuse(command, {
          code: 'INTERNAL',
          message:
            'Erreur interne du poste : réponse non conforme au contrat. Contactez l’assistance avec la référence.',
          details: {
            [TECHNICAL_DETAIL]: `handler response outside the contract (${response.error.issues.length} issues)`,
          },
        });
      }
      return { ok: true, value: response.data };
    } catch (error) {
      return refuse(command, toErrorPayload(error), error);
    }
  };
}
