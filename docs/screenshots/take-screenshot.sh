#!/usr/bin/env bash
# Takes docs/onboarding-form.png: the "Kii Push Onboarding" configuration form as the local gateway's Felix Web Console
# renders it from the bundle's metatype (passwords masked), in Debian's headless chromium.
# A dev tool, not part of the build. Needs: JDK 17, Maven, Node.js + npm, chromium (apt-get install -y chromium).
# Usage: docs/screenshots/take-screenshot.sh            (from anywhere in the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/deploy/local-gateway/target/kiipush-local-gateway.jar"
out="$root/docs/onboarding-form.png"

command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }

echo "Building the local gateway..."
(cd "$root" && mvn -q -DskipTests -DskipNodeTests=true -pl deploy/local-gateway -am package)
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
work="$(mktemp -d)"
log="$work/local-gateway.log"
java -jar "$jar" --console-port "$port" --work-dir "$work" --no-shell --feed-interval 0 >"$log" 2>&1 &
gateway=$!
trap 'kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null; rm -rf "$work"' EXIT

console="http://127.0.0.1:$port/system/console"
for _ in $(seq 1 120); do
  # the session connected: the form shows a configured, working gateway
  if grep -q "CONNECTING -> CONNECTED" "$log"; then break; fi
  kill -0 "$gateway" 2>/dev/null || { cat "$log"; echo "the local gateway stopped" >&2; exit 1; }
  sleep 0.5
done
grep -q "CONNECTING -> CONNECTED" "$log" || { cat "$log"; echo "the session did not connect" >&2; exit 1; }

node "$here/screenshot.mjs" "$console" io.kiipush.gateway.Onboarding "$out"
