#!/usr/bin/env bash
# Prepares this machine for Recueil, idempotently: the Debian packages the station and its tests use,
# then the npm dependencies (Electron's binary and onnxruntime's GPU add-ons are never downloaded:
# our machines reach only the npm registry and Debian). Safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export ONNXRUNTIME_NODE_INSTALL=skip

# chromium: browser mode and e2e tests; libusb/udev: USB devices; pcscd, libpcsclite-dev,
# vsmartcard-vpcd: card readers (real and virtual); socat: serial pseudo-terminals in tests;
# iproute2: the WAN sync bench's network namespaces and shaped link (ip, tc); sane-airscan,
# sane-utils: a real eSCL client (scanimage) for the flatbed simulator's test.
packages=(chromium libusb-1.0-0 udev pcscd libpcsclite-dev vsmartcard-vpcd socat iproute2 sane-airscan sane-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "setup: not root and no sudo: install ${missing[*]} yourself" >&2; exit 1
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${CI:-}" = "true" ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
node scripts/fetch-models.mjs
# The CLI bundle: `npx recueil --help` answers without tsx's load time (bin/recueil.mjs).
node scripts/build-cli.mjs

# Electronegativity (static checker of the Electron shell, a CI hardening check) lives in its own
# folder: it relies on an old `commander` being hoisted next to it, which the project's own
# commander would shadow. Pinned version; skipped when already there.
eneg_version=1.10.3
eneg_dir=.tools/electronegativity
if [ ! -f "$eneg_dir/node_modules/@doyensec/electronegativity/dist/index.js" ] || \
   ! grep -q "\"version\": \"$eneg_version\"" "$eneg_dir/node_modules/@doyensec/electronegativity/package.json"; then
  echo "setup: installing electronegativity $eneg_version into $eneg_dir"
  mkdir -p "$eneg_dir"
  [ -f "$eneg_dir/package.json" ] || echo '{"name":"recueil-tool-electronegativity","private":true}' > "$eneg_dir/package.json"
  npm install --prefix "$eneg_dir" --no-audit --no-fund --no-save "@doyensec/electronegativity@$eneg_version" >/dev/null
fi
echo "setup: ready"
