#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are missing (as root, with apt-get), or says
# which command would install them. Used by the code-server setup (native modules need a compiler,
# pkg-config and Kerberos headers) and by `npm test` (the browser tests need Debian's chromium).
# Package names map to what proves them present: chromium -> /usr/bin/chromium, mawk -> mawk on PATH,
# anything else -> `dpkg -s`.
set -uo pipefail
missing=()
for pkg in "$@"; do
  case "$pkg" in
    chromium) [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=("$pkg") ;;
    mawk|g++|make|pkg-config) command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing Debian packages: ${missing[*]}"
  log=$(mktemp -t vpcfl-apt.XXXXXX)
  export DEBIAN_FRONTEND=noninteractive
  if (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}") >"$log" 2>&1; then
    rm -f "$log"
    exit 0
  fi
  tail -20 "$log" >&2
  echo "setup: apt-get could not install ${missing[*]} (log: $log)" >&2
  exit 1
fi
echo "setup: these Debian packages are missing: ${missing[*]}" >&2
echo "setup: install them with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
