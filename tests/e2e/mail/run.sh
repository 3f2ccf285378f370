#!/usr/bin/env bash
# The e-mail e2e test (mail_test.py): the real binary, MariaDB and SMTP server (deploy/smtp-sink.py on
# python3-aiosmtpd), messages read back with Python's MIME parser and python3-icalendar. Skips (exit 77) only
# when those are absent (deploy/install-deps.sh installs them) or when no test database is configured (run
# through deploy/test.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TNT_FORMS_TEST_SOURCE_DIR=${TNT_FORMS_TEST_SOURCE_DIR:-$(cd "$here/../../.." && pwd)}
python=/usr/bin/python3

skip() { echo "mail test skipped: $*"; exit 77; }
"$python" -c 'import aiosmtpd' 2>/dev/null || skip "aiosmtpd is missing (deploy/install-deps.sh installs python3-aiosmtpd)"
"$python" -c 'import icalendar' 2>/dev/null || skip "icalendar is missing (deploy/install-deps.sh installs python3-icalendar)"
[ -n "${TNT_FORMS_TEST_DB_SOCKET:-}" ] && [ -n "${TNT_FORMS_TEST_DB_USER:-}" ] || skip "no TNT_FORMS_TEST_DB_* (run through deploy/test.sh)"
[ -n "${TNT_FORMS_TEST_BINARY:-}" ] && [ -x "$TNT_FORMS_TEST_BINARY" ] || { echo "TNT_FORMS_TEST_BINARY is not an executable: '${TNT_FORMS_TEST_BINARY:-}'"; exit 1; }

work=$(mktemp -d /tmp/tnt-forms-mail.XXXXXX)
status=0
TNT_WORK_DIR="$work" "$python" "$here/mail_test.py" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  for log in "$work"/*.log; do echo "== $(basename "$log")"; tail -n 20 "$log"; done
fi
rm -rf "$work"
exit "$status"
