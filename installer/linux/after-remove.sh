#!/bin/sh
# Debian postrm of the Recueil station (electron-builder deb afterRemove): removes the udev rules on
# removal (not on upgrade). The `recueil` group and the station's data folder are kept: the data
# holds queued dossiers (encrypted) that must not be lost by an uninstall; a technician purges them
# deliberately.
set -e

case "$1" in
  remove|purge)
    rm -f "${RECUEIL_INSTALL_ROOT:-}/etc/udev/rules.d/70-recueil.rules"
    if command -v udevadm >/dev/null 2>&1; then
      udevadm control --reload-rules || true
    fi
    ;;
esac

exit 0
