#!/usr/bin/env bash
# Builds forms/communes.csv, the official list of communes the invitations are checked against, from the INSEE
# Code officiel géographique as packaged on npm by Etalab (@etalab/decoupage-administratif, data/communes.json).
#   deploy/communes.sh [--version V] [--output FILE]   default: the pinned version, forms/communes.csv
# Keeps the "commune actuelle" rows of the 101 départements and Saint-Pierre-et-Miquelon (the codes of
# service/domain/departements.h), sorted by code, as UTF-8 `code_insee,nom,departement` with LF line ends.
# Needs npm and node; the package is fetched into a temporary directory and left out of package.json.
# A new COG year: run with --version, check the diff, update the table in forms/README.md.
set -euo pipefail

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }

# The pinned version and its npm integrity, so that the same command always gives the same file.
pinned_version=6.0.0
pinned_integrity='sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=='

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$pinned_version
output="$root/forms/communes.csv"
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --output) output=${2:?--output needs a value}; shift 2 ;;
    *) echo "communes: unknown argument « $1 »" >&2; usage >&2; exit 2 ;;
  esac
done
command -v npm >/dev/null || { echo "communes: npm is missing (bash deploy/install-npm.sh installs it)" >&2; exit 2; }
command -v node >/dev/null || { echo "communes: node is missing" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent --json "@etalab/decoupage-administratif@$version" >pack.json)
tarball=$(node -e 'console.log(require(process.argv[1])[0].filename)' "$work/pack.json")
integrity=$(node -e 'console.log(require(process.argv[1])[0].integrity)' "$work/pack.json")
if [ "$version" = "$pinned_version" ] && [ "$integrity" != "$pinned_integrity" ]; then
  echo "communes: the package's integrity differs from the pinned one ($integrity)" >&2
  exit 1
fi
tar -xzf "$work/$tarball" -C "$work" package/data/communes.json

node - "$work/package/data/communes.json" "$output.tmp" <<'EOF'
const fs = require('fs');
const [input, output] = process.argv.slice(2);
// Communes of the collectivités d'outre-mer other than Saint-Pierre-et-Miquelon (977, 978, 984, 986–989) are
// left out: they have no département the forms know, so an invitation could not be counted in one.
const known = /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$/;
const rows = JSON.parse(fs.readFileSync(input, 'utf8'))
  .filter((c) => c.type === 'commune-actuelle' && known.test(c.departement))
  .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
const quote = (s) => (/[",;\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
const lines = ['code_insee,nom,departement'];
for (const c of rows) {
  if (!/^[0-9][0-9AB][0-9]{3}$/.test(c.code) || !c.code.startsWith(c.departement)) {
    throw new Error('unexpected commune ' + JSON.stringify(c));
  }
  lines.push([c.code, quote(c.nom), c.departement].join(','));
}
fs.writeFileSync(output, lines.join('\n') + '\n');
console.log(`communes: ${rows.length} communes`);
EOF
mv "$output.tmp" "$output"
echo "communes: wrote $output from @etalab/decoupage-administratif@$version ($integrity)"
