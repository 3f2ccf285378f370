#!/usr/bin/env bash
# Installs the npm packages (the State design system's CSS, browser-test tools) from package-lock.json
# into node_modules/, and nothing when they are already there.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
[ -f package.json ] || exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "install-npm: npm is missing; installing Debian's nodejs and npm"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
fi
stamp=node_modules/.tnt-forms-installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ "$stamp" -nt package.json ]; then exit 0; fi
npm ci --no-audit --no-fund --loglevel=error
touch "$stamp"
