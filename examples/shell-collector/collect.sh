#!/bin/sh
# A Cockpit collector in POSIX shell and jq, written against the contract and the committed
# JSON Schema alone.
#
# It reads a team registry export (a JSON array of { service, team, contacts?, language,
# framework? }) and publishes, per service, a Service resource with its `ownership` and
# `tech-stack` readings, in publish batches of at most 256 KiB:
#
#   ./collect.sh services.json > batches.ndjson      # NDJSON on stdout, one batch per line
#   ./collect.sh services.json | yarn cockpit validate -
#   ./collect.sh services.json | yarn cockpit publish # or POST each line to $COCKPIT_URL/ingest
#
# Entries that the contract would refuse (a service name with "/" or surrounding whitespace,
# an empty team or language) are skipped with a line on stderr, never sent.
set -eu

input=${1:?usage: collect.sh <services.json>}
collector=${COCKPIT_COLLECTOR_ID:-team-registry-sh}
max_bytes=262144

# Skipped entries, on stderr.
jq -r '
  .[]
  | select((.service | type != "string") or (.service | test("^$|/|^\\s|\\s$"))
           or ((.team // "") == "") or ((.language // "") == ""))
  | "skipped \(.service | tojson): needs a service name without \"/\" or surrounding spaces, a team and a language"
' "$input" >&2

# One message per line (compact JSON; jq never writes NaN), then batches by UTF-8 bytes.
jq -c '
  .[]
  | select((.service | type == "string") and (.service | test("^$|/|^\\s|\\s$") | not)
           and ((.team // "") != "") and ((.language // "") != ""))
  | { type: "Service", name: .service } as $service
  | ({ kind: "resource" } + $service),
    { kind: "reading", type: "ownership", storageMode: "SNAPSHOT", resource: $service,
      value: ({ team } + (if .contacts then { contacts } else {} end)) },
    { kind: "reading", type: "tech-stack", storageMode: "SNAPSHOT", resource: $service,
      value: ({ language } + (if .framework then { framework } else {} end)) }
' "$input" |
  LC_ALL=C awk -v collector="$collector" -v max="$max_bytes" '
    # LC_ALL=C: length() counts bytes, as SNS does.
    BEGIN { prefix = "{\"schemaVersion\":1,\"collector\":\"" collector "\",\"messages\":["; overhead = length(prefix) + 2 }
    {
      if (overhead + length($0) > max) { printf "message %d is %d bytes and cannot fit in a batch\n", NR, length($0) > "/dev/stderr"; exit 1 }
      if (count > 0 && size + 1 + length($0) > max) { print prefix body "]}"; body = ""; count = 0 }
      if (count == 0) { body = $0; size = overhead + length($0) } else { body = body "," $0; size += 1 + length($0) }
      count++
    }
    END { if (count > 0) print prefix body "]}" }
  '
