/**
 * The fake station bridge: an in-memory `window.station` for renderer tests. A test scripts each
 * command's answer (a value, a function of the request, an error, or held back to show a loading
 * state), emits events and sets the connection state. Requests, answers and events are checked
 * against the contract (main/contract/api.ts) and cross the real client (`createStationClient`), so a
 * component sees exactly what a station would send it, and a test cannot feed it a shape no station
 * sends (`problems` lists such slips; the render helper fails the test on them).
 * Test support only: lint forbids product code from importing this folder.
 */
import {
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  commands,
  createStationClient,
  type ErrorCode,
  type ErrorPayload,
  type EventName,
  type EventPayload,
  events,
  isCommandName,
  parseCommandRequest,
  type RawStationTransport,
  type Result,
  type StationApi,
  StationError,
  toErrorPayload,
} from '../../../../main/contract';
import type { ConnectedStation } from '../connect';
import type { ConnectionState } from '../websocket-transport';

/** A command's scripted answer: its response, or a function of the request that returns it or throws a StationError. */
export type Answer<C extends CommandName> =
  | CommandResponse<C>
  | ((request: CommandRequest<C>) => CommandResponse<C> | Promise<CommandResponse<C>>);

/** A command held back: its callers wait (the UI shows its loading state) until the test releases them. */
export interface Held<C extends CommandName> {
  /** How many calls are waiting. */
  readonly waiting: number;
  /** Answers the waiting calls (and the later ones) with `answer`. */
  release(answer: Answer<C>): Promise<void>;
  /** Answers the waiting calls (and the later ones) with an error. */
  fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Promise<void>;
}

export interface FakeStationOptions {
  /**
   * Runs each delivery to the UI (events, connection changes, released answers, settling) and waits
   * for it; the render helper passes React's async act so that the updates they cause are flushed.
   */
  deliver?: (work: () => Promise<void>) => Promise<void>;
}

type Script = (request: unknown) => Promise<Result<unknown>>;

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class FakeStation {
  /** What the UI gets: `StationProvider station={fake.station}`. */
  readonly station: ConnectedStation;
  /** Every call received, in order, with its request as sent. */
  readonly calls: { command: CommandName; request: unknown }[] = [];
  /** Calls of commands the test did not script (answered with an INTERNAL error). */
  readonly unscripted: CommandName[] = [];
  /** Contract slips of the test itself: a scripted answer or event outside the contract. */
  readonly problems: string[] = [];

  #scripts = new Map<CommandName, Script>();
  #sink: ((event: string, payload: unknown) => void) | undefined;
  #connection: ConnectionState = 'open';
  #connectionListeners = new Set<(state: ConnectionState) => void>();
  #deliver: (work: () => Promise<void>) => Promise<void>;

  constructor(options: FakeStationOptions = {}) {
    this.#deliver = options.deliver ?? ((work) => work());
    const transport: RawStationTransport = {
      request: (command, payload) => this.#request(command as CommandName, payload),
      onEvent: (sink) => {
        this.#sink = sink;
        return () => {
          this.#sink = undefined;
        };
      },
    };
    const api: StationApi = createStationClient(transport);
    this.station = {
      api,
      onConnection: (listener) => {
        this.#connectionListeners.add(listener);
        listener(this.#connection);
        return () => this.#connectionListeners.delete(listener);
      },
    };
  }

  /** Answers every call of `command` with `answer` (until scripted again). */
  answer<C extends CommandName>(command: C, answer: Answer<C>): this {
    this.#scripts.set(command, this.#scriptOf(command, answer));
    return this;
  }

  /** Answers every call of `command` with an error envelope, as the station does when a handler throws. */
  fail<C extends CommandName>(
    command: C,
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ): this {
    const error: ErrorPayload = details ? { code, message, details } : { code, message };
    this.#scripts.set(command, async () => ({ ok: false, error }));
    return this;
  }

  /** Holds back `command`: its calls wait until the test releases them (loading states). */
  hold<C extends CommandName>(command: C): Held<C> {
    const waiting: ((script: Script) => void)[] = [];
    this.#scripts.set(
      command,
      (request) => new Promise((resolve) => waiting.push((s) => resolve(s(request)))),
    );
    const release = async (script: Script) => {
      this.#scripts.set(command, script);
      await this.#deliver(async () => {
        for (const resume of waiting.splice(0)) resume(script);
        await flush();
      });
    };
    return {
      get waiting() {
        return waiting.length;
      },
      release: (answer) => release(this.#scriptOf(command, answer)),
      fail: (code, message, details) =>
        release(async () => ({
          ok: false,
          error: details ? { code, message, details } : { code, message },
        })),
    };
  }

  /** Sends an event to the UI (checked against the contract first). */
  async emit<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void> {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      this.problems.push(`event ${event} outside the contract: ${parsed.error.issues[0]?.message}`);
      return;
    }
    await this.#deliver(async () => {
      this.#sink?.(event, payload);
      await flush();
    });
  }

  /** The transport state the UI sees ("connexion perdue" banner, reload on reconnection). */
  async connect(state: ConnectionState): Promise<void> {
    this.#connection = state;
    await this.#deliver(async () => {
      for (const listener of this.#connectionListeners) listener(state);
      await flush();
    });
  }

  /** The requests received for `command`, in order. */
  requests<C extends CommandName>(command: C): CommandRequest<C>[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.request as CommandRequest<C>);
  }

  /** Lets the answers already given reach the UI (one macrotask: promise chains and React updates run). */
  settle(): Promise<void> {
    return this.#deliver(flush);
  }

  #scriptOf<C extends CommandName>(command: C, answer: Answer<C>): Script {
    const schema = commands[command].response;
    const check = (value: unknown): Result<unknown> => {
      const parsed = schema.safeParse(value);
      if (parsed.success) return { ok: true, value };
      this.problems.push(
        `answer of ${command} outside the contract: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
      return { ok: true, value }; // the client refuses it, as it would refuse a station's
    };
    if (typeof answer !== 'function') {
      const checked = check(answer);
      return async () => checked;
    }
    const compute = answer as (request: unknown) => unknown;
    return async (request) => {
      try {
        return check(await compute(request));
      } catch (error) {
        if (!(error instanceof StationError)) throw error;
        return { ok: false, error: toErrorPayload(error) };
      }
    };
  }

  async #request(command: CommandName, payload: unknown): Promise<Result<unknown>> {
    this.calls.push({ command, request: payload });
    if (!isCommandName(command))
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Commande inconnue : ${command}` } };
    const request = parseCommandRequest(command, payload);
    if (!request.ok) return request;
    const script = this.#scripts.get(command);
    if (!script) {
      this.unscripted.push(command);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Faux poste : aucune réponse prévue pour ${command}.` },
      };
    }
    return script(request.value);
  }
}
