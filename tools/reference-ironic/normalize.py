"""Normalizes a compare-session.sh transcript (stdin -> stdout) so that runs against two servers can be diffed.

UUIDs are numbered by first appearance (<uuid-1>, ...), timestamps keep only their shape, request ids and the
endpoint are masked, and each line or block that is JSON is printed with sorted keys.
"""
import json
import re
import sys

endpoint = sys.argv[1].rstrip("/")
uuids = {}
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
TS = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
FIXED = {"11111111-2222-3333-4444-555555555555"}


def mask(text):
    text = text.replace(endpoint, "<endpoint>")
    text = re.sub(r"req-" + UUID.pattern, "<req-id>", text)

    def number(m):
        u = m.group(0).lower()
        if u in FIXED:
            return u
        return uuids.setdefault(u, "<uuid-%d>" % (len(uuids) + 1))

    text = UUID.sub(number, text)
    return TS.sub(lambda m: "<ts%s%s>" % (".frac" if m.group(1) else "", m.group(2) or ""), text)


def pretty(block):
    try:
        value = json.loads(block)
    except ValueError:
        return None
    if isinstance(value, dict) and isinstance(value.get("error_message"), str):
        try:  # Ironic's error body holds JSON in a string: show it decoded too
            value["error_message"] = json.loads(value["error_message"])
        except ValueError:
            pass
    return json.dumps(value, indent=1, sort_keys=True)


out = []
block = []


def flush():
    if not block:
        return
    text = "\n".join(block)
    p = pretty(text)
    out.extend((p if p is not None else text).split("\n"))
    block.clear()


for line in sys.stdin.read().split("\n"):
    line = mask(line)
    if line.startswith(("$ ", "exit ", "status ", "header ", "stderr: ", "======== ")) or line == "":
        flush()
        out.append(line)
    else:
        block.append(line)
flush()
print("\n".join(out))
