#!/usr/bin/env bash
# Installs the Debian packages tnt-forms needs to build, run and test, and nothing when they are there.
# Idempotent: checks with dpkg first, so a second run makes no network call.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpistache-dev libmysqlcppconn-dev libssl-dev libcsv-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata
  libkainjow-mustache-dev libspdlog-dev libfmt-dev libcli11-dev
  mariadb-server mariadb-client
  curl wrk openssl rsync
  nginx
  clang libclang-rt-14-dev clang-format clang-tidy
  chromium fonts-dejavu-core
  libreoffice-calc-nogui python3-openpyxl
  libcurl4-openssl-dev python3-aiosmtpd python3-icalendar
  zlib1g-dev libxml2-utils
  libzip-dev libexpat1-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Debian mariadb-server package starts a system-wide server; the project never uses it (it runs its
# own private instance under var/), so leave it as the machine's admin configured it.

# The nginx package starts and enables a system-wide nginx on port 80 with its default site. The tests run
# their own (tests/e2e/nginx, on free ports): stop and disable it once, when this script installs it, so
# that an nginx a server's operator set up later (deploy/README.md § 4) is never touched by a later run.
if [[ " ${missing[*]} " == *" nginx "* ]]; then
  "${sudo_cmd[@]}" systemctl disable --now nginx >/dev/null 2>&1 ||
    "${sudo_cmd[@]}" service nginx stop >/dev/null 2>&1 || true  # a machine without systemd
fi
