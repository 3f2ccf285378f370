#!/usr/bin/env bash
# The real-office test: starts the tnt-forms binary (tests/support/script_service.sh), then office_test.py
# answers the test form, downloads the CSV exports, converts them with headless LibreOffice and reads them back
# with openpyxl, and spreadsheet_test.py does the same with the XLSX and ODS downloads. Skips (exit 77) only
# when LibreOffice or openpyxl is absent (deploy/install-deps.sh installs them) or when no test database is
# configured (run through deploy/test.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TNT_FORMS_TEST_SOURCE_DIR=${TNT_FORMS_TEST_SOURCE_DIR:-$(cd "$here/../../.." && pwd)}
# Debian's python3, where python3-openpyxl is installed, whatever python3 comes first on PATH.
python=/usr/bin/python3

skip() { echo "office test skipped: $*"; exit 77; }
command -v soffice >/dev/null 2>&1 || skip "soffice is missing (deploy/install-deps.sh installs libreoffice-calc-nogui)"
"$python" -c 'import openpyxl' 2>/dev/null || skip "openpyxl is missing (deploy/install-deps.sh installs python3-openpyxl)"
[ -n "${TNT_FORMS_TEST_DB_SOCKET:-}" ] && [ -n "${TNT_FORMS_TEST_DB_USER:-}" ] || skip "no TNT_FORMS_TEST_DB_* (run through deploy/test.sh)"
[ -n "${TNT_FORMS_TEST_BINARY:-}" ] && [ -x "$TNT_FORMS_TEST_BINARY" ] || { echo "TNT_FORMS_TEST_BINARY is not an executable: '${TNT_FORMS_TEST_BINARY:-}'"; exit 1; }

source "$TNT_FORMS_TEST_SOURCE_DIR/tests/support/script_service.sh"
script_service_start "$here/forms"
secret=$(script_service_token "pilote-bureautique" "form:*")
group_secret=$(script_service_token "pilote-groupe-a" "form:inscription-bureautique" "group:GA")

command -v xmllint >/dev/null 2>&1 || { echo "xmllint is missing (deploy/install-deps.sh installs libxml2-utils)"; exit 1; }
status=0
for test in office_test.py spreadsheet_test.py; do
  TNT_BASE_URL="$SERVICE_URL" TNT_PILOT_TOKEN="$secret" TNT_GROUP_TOKEN="$group_secret" TNT_WORK_DIR="$SERVICE_WORK" \
    "$python" "$here/$test" || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "== service log"; tail -n 30 "$SERVICE_WORK/service.log"
fi
exit "$status"
