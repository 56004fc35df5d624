/**
 * Sandboxed preload: exposes `window.station` (the contract's typed API, validated by the shared
 * client) through contextBridge. Nothing else of Electron or Node reaches the renderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createStationClient } from '../contract/client';
import { ipcChannels } from '../contract/wire';

const station = createStationClient({
  request: (command, payload) => ipcRenderer.invoke(ipcChannels.invoke, command, payload),
  onEvent(sink) {
    const listener = (_event: unknown, name: string, payload: unknown) => sink(name, payload);
    ipcRenderer.on(ipcChannels.event, listener);
    return () => ipcRenderer.removeListener(ipcChannels.event, listener);
  },
});

contextBridge.exposeInMainWorld('station', {
  invoke: station.invoke,
  subscribe: station.subscribe,
});
