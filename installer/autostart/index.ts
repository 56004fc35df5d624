/**
 * Auto-start of the station at logon, per platform: systemd user unit and XDG autostart entry
 * (Linux), per-machine Run key written by the NSIS installer (Windows). All generated as text.
 */
export {
  defaultLinuxExecutable,
  desktopExecArg,
  type LinuxAutostartOptions,
  systemdArg,
  systemdUserUnit,
  xdgAutostartEntry,
} from './linux';
export { type RunKey, renderNsisInclude, windowsRunKey } from './windows';
