#!/usr/bin/env python3
"""Prepares a load test of a running Whetstone server (loopback only).

Registers a fresh user over the JSON API, starts one-question interviews and opens each question
(which starts its clock), then writes `token`, `page_item` and `items.txt` (the ids of open items,
one fresh item per submit request) into the output directory. Standard library only.
"""
import json
import sys
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

base, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
if not base.startswith(("http://127.", "http://localhost", "http://[::1]")):
    sys.exit("load tests target loopback addresses only")


def call(method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read() or b"null")


name = "load_" + uuid.uuid4().hex[:10]
password = "load-test-" + uuid.uuid4().hex
call("POST", "/api/v1/auth/register",
     {"username": name, "email": name + "@example.com", "password": password})
token = call("POST", "/api/v1/auth/token", {"login": name, "password": password})["token"]


def open_item(_):
    interview = call("POST", "/api/v1/interviews",
                     {"count": 1, "minutes": 120, "difficulty": "mixed"}, token)
    current = call("GET", "/api/v1/interviews/%s/current" % interview["id"], token=token)
    return current["item_id"]


with ThreadPoolExecutor(8) as pool:
    items = list(pool.map(open_item, range(count)))

with open(out_dir + "/token", "w") as f:
    f.write(token)
with open(out_dir + "/page_item", "w") as f:
    f.write(items[0])
with open(out_dir + "/items.txt", "w") as f:
    # each item with its owner's token, as scripts/load/submit.lua reads them
    f.write("".join("%s %s\n" % (i, token) for i in items[1:]))
print("prepared %d open items for %s" % (len(items) - 1, name))
