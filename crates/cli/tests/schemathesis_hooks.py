"""schemathesis's hooks for crates/cli/tests/suite/api_conformance.rs.

The registry's ledger travels as JSON lines (application/x-ndjson), which schemathesis has no
serializer for: the document describes the body as an array of entries, sent one per line.
"""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, list):
        lines = (json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in value)
        return "".join(line + "\n" for line in lines).encode()
    # Not an array (a negative case): sent as it is, for the service to refuse.
    return json.dumps(value, ensure_ascii=False).encode()
