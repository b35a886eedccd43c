#!/bin/sh
# Builds the production Temporal server and its SQL tool from the Go module proxy into a version-keyed folder:
#   scripts/temporal-server-build.sh VERSION GO_TOOLCHAIN DEST
#   DEST/bin/temporal-server       go.temporal.io/server/cmd/server@vVERSION (what the temporalio/server image runs)
#   DEST/bin/temporal-sql-tool     go.temporal.io/server/cmd/tools/sql@vVERSION (temporal-sql-tool of admin-tools)
#   DEST/schema/postgresql/v12     the SQL schema of the same version (what admin-tools ships in /etc/temporal/schema)
# Nothing happens when DEST already holds that version. Callers: .ci/run (in the background, early) and
# infra/temporalServer.ts (on demand). Two callers at once are serialised by a lock; the second finds the build done.
# The server needs a newer Go than many machines have: GOTOOLCHAIN fetches that toolchain from the module proxy.
set -eu

version=${1:?usage: temporal-server-build.sh VERSION GO_TOOLCHAIN DEST}
toolchain=${2:?usage: temporal-server-build.sh VERSION GO_TOOLCHAIN DEST}
dest=${3:?usage: temporal-server-build.sh VERSION GO_TOOLCHAIN DEST}
module=go.temporal.io/server

complete() { [ -x "$dest/bin/temporal-server" ] && [ -x "$dest/bin/temporal-sql-tool" ] && [ "$(cat "$dest/.complete" 2>/dev/null)" = "$version" ]; }

if complete; then echo "Temporal server $version already built in $dest"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "The Go toolchain (go ≥ 1.21, which can fetch $toolchain) is needed to build the Temporal server." >&2
  exit 1
fi

mkdir -p "$(dirname "$dest")"
exec 9>"$dest.lock"
flock 9
if complete; then echo "Temporal server $version built meanwhile by another run"; exit 0; fi

partial="$dest.partial"
rm -rf "$partial"
mkdir -p "$partial/bin" "$partial/schema/postgresql"
echo "Building Temporal server $version and its SQL tool with $toolchain (several minutes on 2 cores) …"
started=$(date +%s)
GOTOOLCHAIN=$toolchain GOBIN="$(cd "$partial/bin" && pwd)" go install "$module/cmd/server@v$version" "$module/cmd/tools/sql@v$version"
mv "$partial/bin/server" "$partial/bin/temporal-server"
mv "$partial/bin/sql" "$partial/bin/temporal-sql-tool"
# The schema folders come with the module just downloaded (read-only in the module cache: copy, then allow writes).
moddir=$(GOTOOLCHAIN=$toolchain go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$moddir/schema/postgresql/v12" ] || { echo "no schema/postgresql/v12 in $moddir" >&2; exit 1; }
cp -R "$moddir/schema/postgresql/v12" "$partial/schema/postgresql/"
chmod -R u+w "$partial/schema"
echo "$version" > "$partial/.complete"
rm -rf "$dest"
mv "$partial" "$dest"
echo "Temporal server $version built in $(( $(date +%s) - started )) s: $dest"
