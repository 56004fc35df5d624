/**
 * The hosts main supervises and the protocol of each: the one place that knows both host kinds.
 * Aliases give main's code the per-host method, params and result types.
 */
import type { HostClient, MethodName, ParamsOf, ResultOf } from '../../common/rpc/host-rpc';
import { deviceHostProtocol } from '../../drivers/host/protocol';
import { syncHostProtocol } from '../../sync/host/protocol';

export const hostProtocols = { device: deviceHostProtocol, sync: syncHostProtocol } as const;
export type HostKind = keyof typeof hostProtocols;
export type HostProtocolOf<H extends HostKind> = (typeof hostProtocols)[H];
export type HostMethod<H extends HostKind> = MethodName<HostProtocolOf<H>>;
export type HostParams<H extends HostKind, M extends HostMethod<H>> = ParamsOf<HostProtocolOf<H>, M>;
export type HostResult<H extends HostKind, M extends HostMethod<H>> = ResultOf<HostProtocolOf<H>, M>;
export type HostClientOf<H extends HostKind> = HostClient<HostProtocolOf<H>>;
