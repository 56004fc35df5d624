/**
 * What the device host's workflow handlers share: the device registry and the event emitter to
 * main (live signature points, card and progress events).
 */
import type { HandlersOf, HostEventName } from '../../common/rpc/host-rpc';
import type { DeviceRegistry } from '../registry/device-registry';
import type { DeviceHostProtocol } from './protocol';

export type DeviceHostEvent = HostEventName<DeviceHostProtocol>;

export interface DeviceHostContext {
  registry: DeviceRegistry;
  emit(event: DeviceHostEvent, payload: unknown): void;
  /** Simulated bench (demo, training, tests): simulated people act on simulated devices. */
  simulated: boolean;
}

/** The handlers of a subset of the device host's methods. */
export type DeviceHandlers<M extends keyof HandlersOf<DeviceHostProtocol>> = Pick<
  HandlersOf<DeviceHostProtocol>,
  M
>;
