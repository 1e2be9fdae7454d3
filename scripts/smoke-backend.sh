#!/usr/bin/env bash
# Boots `yarn start:backend` on a throw-away embedded database and checks that
# GET /api/cockpit/resources answers 401 without a token and 200 with the static token, and
# that the catalog refuses that token (it is restricted to the Cockpit plugin).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-7317}
data_dir=$(mktemp -d)
log=$(mktemp)
export COCKPIT_DATA_DIR=$data_dir
export APP_CONFIG_backend_listen_port=$port
export APP_CONFIG_backend_baseUrl=http://localhost:$port
export COCKPIT_API_TOKEN=${COCKPIT_API_TOKEN:-smoke-test-token}
unset COCKPIT_DATABASE_URL
setsid yarn start:backend >"$log" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || true; sleep 1; kill -9 -- -"$pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT
url=http://localhost:$port/api/cockpit/resources
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $COCKPIT_API_TOKEN" "$url" || true)
  [ "$code" = 200 ] && break
  sleep 2
done
if [ "$code" != 200 ]; then
  echo "backend did not answer 200 on $url (last: $code); its log:" >&2
  tail -50 "$log" >&2
  exit 1
fi
anonymous=$(curl -s -o /dev/null -w '%{http_code}' "$url")
if [ "$anonymous" != 401 ]; then
  echo "expected 401 without credentials, got $anonymous" >&2
  exit 1
fi
body=$(curl -s -H "Authorization: Bearer $COCKPIT_API_TOKEN" "$url?limit=5")
echo "GET $url?limit=5 -> 200: ${body:0:300}"
echo "without credentials -> 401"
for _ in $(seq 1 60); do # 503 while the catalog is still starting
  catalog=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $COCKPIT_API_TOKEN" \
    "http://localhost:$port/api/catalog/entities?limit=1")
  [ "$catalog" != 503 ] && break
  sleep 2
done
if [ "$catalog" != 403 ] && [ "$catalog" != 401 ]; then
  echo "expected the catalog to refuse the Cockpit-only token, got $catalog" >&2
  exit 1
fi
echo "GET /api/catalog/entities with the Cockpit-only token -> $catalog (refused)"
