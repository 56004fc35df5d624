#!/bin/sh
# Debian postinst of the Recueil station (electron-builder deb afterInstall).
# Creates the `recueil` system group that owns the station's devices, installs the udev rules
# generated from the drivers' ID tables (resources/udev/70-recueil.rules, checked against the code
# by test/integration/linux-install.test.ts) and reloads udev so devices already plugged in get
# their permissions. The kiosk account is added to the group by the technician (see
# installer/README.md): `usermod -aG recueil,dialout <account>`.
set -e

# RECUEIL_INSTALL_ROOT: empty on a station; a temporary folder in the tests.
ROOT="${RECUEIL_INSTALL_ROOT:-}"
RULES_SRC="$ROOT/opt/${sanitizedProductName}/resources/udev/70-recueil.rules"
RULES_DST="$ROOT/etc/udev/rules.d/70-recueil.rules"

if ! getent group recueil >/dev/null 2>&1; then
  groupadd --system recueil
fi

if [ -f "$RULES_SRC" ]; then
  install -m 0644 "$RULES_SRC" "$RULES_DST"
  if command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules || true
    udevadm trigger --subsystem-match=hidraw --subsystem-match=usb --subsystem-match=tty || true
  fi
fi

# The smart-card daemon serves the card readers.
if command -v systemctl >/dev/null 2>&1; then
  systemctl enable --now pcscd.socket >/dev/null 2>&1 || true
fi

exit 0
