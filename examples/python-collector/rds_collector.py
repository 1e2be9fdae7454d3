#!/usr/bin/env python3
"""A Cockpit collector in Python, written against the committed JSON Schema alone.

It reads the output of `aws rds describe-db-instances` (saved to a file) and publishes one
`RdsInstance` resource per database with an `rds-info` reading, in publish batches that follow
`plugins/cockpit-common/schema/publish-batch.schema.json`:

    python3 rds_collector.py --input describe-db-instances.json --dry-run      # NDJSON on stdout
    COCKPIT_URL=http://localhost:7007/api/cockpit COCKPIT_API_TOKEN=... \
      python3 rds_collector.py --input describe-db-instances.json                # POST /ingest

Only the standard library is needed. Every message is validated against the schema before it
leaves (with the `jsonschema` package when installed, else with the small validator below, which
covers the keywords the schema uses), and batches are split at 256 KiB counted in UTF-8 bytes,
the way SNS counts them.
"""
import argparse
import json
import os
import re
import sys
import urllib.request
import uuid

SCHEMA_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "plugins", "cockpit-common", "schema", "publish-batch.schema.json",
)
COLLECTOR_ID = "rds-python"
MAX_BATCH_BYTES = 256 * 1024
# The namespace of resource ids (contract section 1): uuid5(namespace, type + "\n" + name).
COCKPIT_RESOURCE_NAMESPACE = uuid.UUID("5b1a8c4e-2f0d-4e7b-9c61-0c0c4b1d2e7a")


def resource_id(resource_type, name):
    """The id the store gives a resource, computed offline."""
    return str(uuid.uuid5(COCKPIT_RESOURCE_NAMESPACE, f"{resource_type}\n{name}"))


def segment(kind, value):
    """A name segment as the common package's helpers accept it: non-empty, trimmed, no '/'."""
    if not value or value.strip() != value or "/" in value:
        raise ValueError(f'{kind} "{value}" must be non-empty, trimmed and free of "/"')
    return value


def rds_instance_name(environment, db_instance_identifier):
    """`RdsInstance` name of contract section 4: `<environment>/<dbInstanceIdentifier>`."""
    return f"{segment('environment', environment)}/{segment('dbInstanceIdentifier', db_instance_identifier)}"


class SchemaError(ValueError):
    pass


def validate(instance, schema, root, path="message"):
    """Validates the subset of JSON Schema 2020-12 that the publish batch schema uses."""
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise SchemaError(f"unsupported $ref {ref}")
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        validate(instance, target, root, path)
    for option in schema.get("allOf", []):
        validate(instance, option, root, path)
    if "if" in schema:
        try:
            validate(instance, schema["if"], root, path)
            branch = schema.get("then")
        except SchemaError:
            branch = schema.get("else")
        if branch is not None:
            validate(instance, branch, root, path)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            passing = 0
            reasons = []
            for option in schema[key]:
                try:
                    validate(instance, option, root, path)
                    passing += 1
                except SchemaError as error:
                    reasons.append(str(error))
            if passing == 0 or (key == "oneOf" and passing > 1):
                raise SchemaError(f"{path}: matches {passing} of the {key} options ({'; '.join(reasons)})")
    expected = schema.get("type")
    if expected is not None:
        types = expected if isinstance(expected, list) else [expected]
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
            "null": lambda v: v is None,
        }
        if not any(checks[t](instance) for t in types):
            raise SchemaError(f"{path}: expected {' or '.join(types)}")
    if "const" in schema and instance != schema["const"]:
        raise SchemaError(f"{path}: must be {json.dumps(schema['const'])}")
    if "enum" in schema and instance not in schema["enum"]:
        raise SchemaError(f"{path}: must be one of {schema['enum']}")
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            raise SchemaError(f"{path}: too short")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            raise SchemaError(f"{path}: too long")
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            raise SchemaError(f"{path}: does not match {schema['pattern']}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            raise SchemaError(f"{path}: needs at least {schema['minItems']} items")
        if "items" in schema:
            for index, item in enumerate(instance):
                validate(item, schema["items"], root, f"{path}.{index}")
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                raise SchemaError(f"{path}.{name}: required")
        properties = schema.get("properties", {})
        for name, value in instance.items():
            if name in properties:
                validate(value, properties[name], root, f"{path}.{name}")
            elif schema.get("additionalProperties") is False:
                raise SchemaError(f"{path}.{name}: unknown property")
            elif isinstance(schema.get("additionalProperties"), dict):
                validate(value, schema["additionalProperties"], root, f"{path}.{name}")


def load_validator():
    with open(SCHEMA_PATH, encoding="utf-8") as file:
        schema = json.load(file)
    message_schema = schema["properties"]["messages"]["items"]
    try:
        if os.environ.get("COCKPIT_BUILTIN_VALIDATOR"):
            raise ImportError("the built-in validator was asked for")
        import jsonschema  # optional: the reference implementation when installed

        checker = jsonschema.Draft202012Validator({**message_schema, "$defs": schema.get("$defs", {})})

        def check(message):
            error = jsonschema.exceptions.best_match(checker.iter_errors(message))
            if error is not None:
                field = ".".join(["message", *map(str, error.absolute_path)])
                raise SchemaError(f"{field}: {error.message}")
    except ImportError:

        def check(message):
            validate(message, message_schema, schema)

    return check


def describe(message):
    if message["kind"] == "resource":
        return f'resource {message["type"]} "{message["name"]}"'
    return f'reading "{message["type"]}" of {message["resource"]["type"]} "{message["resource"]["name"]}"'


def batches(messages, collector=COLLECTOR_ID, max_bytes=MAX_BATCH_BYTES):
    """Splits messages into publish batch bodies of at most max_bytes UTF-8 bytes."""
    prefix = json.dumps({"schemaVersion": 1, "collector": collector}, separators=(",", ":"))[:-1] + ',"messages":['
    overhead = len(prefix.encode("utf-8")) + 2
    current, size = [], overhead
    for message in messages:
        # allow_nan=False: Python writes a float NaN or infinity as a bare NaN/Infinity by default,
        # which is not JSON; refuse it here rather than have the sink refuse the whole batch.
        try:
            text = json.dumps(message, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except ValueError as error:
            raise ValueError(f"{describe(message)}: {error}") from error
        length = len(text.encode("utf-8"))
        if overhead + length > max_bytes:
            raise ValueError(f"{describe(message)} is {length} bytes and cannot fit in a batch of {max_bytes}")
        if current and size + 1 + length > max_bytes:
            yield prefix + ",".join(current) + "]}"
            current, size = [], overhead
        size += (1 if current else 0) + length
        current.append(text)
    if current:
        yield prefix + ",".join(current) + "]}"


def collect(describe_db_instances, collected_at=None):
    """Messages for each database of an `aws rds describe-db-instances` answer."""
    for db in describe_db_instances["DBInstances"]:
        tags = {tag["Key"]: tag["Value"] for tag in db.get("TagList", [])}
        environment = tags.get("environment")
        if not environment:
            print(f"skipped {db['DBInstanceIdentifier']}: no environment tag", file=sys.stderr)
            continue
        name = rds_instance_name(environment, db["DBInstanceIdentifier"])
        yield {"kind": "resource", "type": "RdsInstance", "name": name}
        reading = {
            "kind": "reading",
            "type": "rds-info",
            "storageMode": "SNAPSHOT",
            "resource": {"type": "RdsInstance", "name": name},
            "value": {
                "engine": db["Engine"],
                "engineVersion": db["EngineVersion"],
                "instanceClass": db["DBInstanceClass"],
                "multiAz": db.get("MultiAZ", False),
                "storageGb": db.get("AllocatedStorage"),
                "status": db.get("DBInstanceStatus"),
                "service": tags.get("service"),
            },
        }
        if collected_at:
            reading["collectedAt"] = collected_at  # else the sink uses the notification's time
        yield reading


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", required=True, help="output of aws rds describe-db-instances")
    parser.add_argument("--dry-run", action="store_true", help="print the batches as NDJSON instead of publishing")
    parser.add_argument("--collected-at", help="ISO 8601 time of the readings (default: when published)")
    parser.add_argument("--ids", action="store_true", help="print the resource id of each database and exit")
    args = parser.parse_args()

    with open(args.input, encoding="utf-8") as file:
        answer = json.load(file)
    check = load_validator()
    messages = []
    for message in collect(answer, args.collected_at):
        try:
            check(message)
        except SchemaError as error:
            sys.exit(f"invalid {describe(message)}: {error}")
        messages.append(message)

    if args.ids:
        for message in messages:
            if message["kind"] == "resource":
                print(f'{resource_id(message["type"], message["name"])}  {message["type"]}  {message["name"]}')
        return

    count = 0
    for body in batches(messages):
        count += 1
        if args.dry_run:
            print(body)
            continue
        url = os.environ.get("COCKPIT_URL", "http://localhost:7007/api/cockpit").rstrip("/") + "/ingest"
        request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST")
        request.add_header("content-type", "application/json")
        if os.environ.get("COCKPIT_API_TOKEN"):
            request.add_header("authorization", f"Bearer {os.environ['COCKPIT_API_TOKEN']}")
        with urllib.request.urlopen(request) as response:
            outcome = json.load(response)
            if outcome.get("rejected"):
                sys.exit(f"the sink rejected {outcome['rejected']} messages: {outcome['messages']}")
    print(f"{len(messages)} messages in {count} batches", file=sys.stderr)


if __name__ == "__main__":
    main()
