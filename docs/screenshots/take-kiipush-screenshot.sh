#!/usr/bin/env bash
# Takes docs/images/kiipush-console.png: the web console's "Kii Push" page of the local gateway with the demo feed
# running for 15 s, in Debian's headless chromium (the login goes in the URL).
# A dev tool, not part of the build. Needs: JDK 17, Maven, python3, chromium (apt-get install -y chromium).
# Usage: docs/screenshots/take-kiipush-screenshot.sh     (from anywhere in the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/deploy/local-gateway/target/kiipush-local-gateway.jar"
out="$root/docs/images/kiipush-console.png"

command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }

echo "Building the local gateway..."
(cd "$root" && mvn -q -DskipTests -DskipNodeTests=true -pl deploy/local-gateway -am package)

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
log="$work/local-gateway.log"
java -jar "$jar" --console-port "$port" --work-dir "$work" --no-shell >"$log" 2>&1 &
gateway=$!
trap 'kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 120); do
  if grep -q "CONNECTING -> CONNECTED" "$log"; then break; fi
  kill -0 "$gateway" 2>/dev/null || { cat "$log"; echo "the local gateway stopped" >&2; exit 1; }
  sleep 0.5
done
grep -q "CONNECTING -> CONNECTED" "$log" || { cat "$log"; echo "the session did not connect" >&2; exit 1; }
sleep 15 # a few notifications of the demo feed for the page's lower table

mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1500,1100 \
  --screenshot="$out" "http://admin:admin@127.0.0.1:$port/system/console/kiipush" 2>/dev/null
echo "Saved $out"
