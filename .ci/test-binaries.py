#!/usr/bin/env python3
"""Reads `cargo test --no-run --message-format=json` on stdin; prints one line per test executable cargo built:
`window|other <TAB> package folder <TAB> executable`. Window tests are the e2e* binaries of the tests/ package."""
import json
import os
import sys

for line in sys.stdin:
    try:
        msg = json.loads(line)
    except ValueError:
        continue
    if msg.get("reason") != "compiler-artifact" or not msg.get("executable"):
        continue
    if not msg.get("profile", {}).get("test"):
        continue
    folder = os.path.dirname(msg["manifest_path"])
    window = os.path.basename(folder) == "tests" and msg["target"]["name"].startswith("e2e")
    print(("window" if window else "other") + "\t" + folder + "\t" + msg["executable"])
