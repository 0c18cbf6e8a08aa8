#!/usr/bin/env python3
"""Time the first diagnostics of one note in fresh servers, builds alternating, from both sides.

usage: scripts/open_ab.py NOTE RUNS BINARY [BINARY ...]

For each of RUNS rounds, and each BINARY in turn: start `BINARY lsp` with
`GEONOTES_LOG=geonotes=debug`, open NOTE (its `source:` resolves or not, as the note says),
wait for its first publishDiagnostics, and read three times: the client's, from sending the
didOpen to the last byte of the diagnostics; and the server's own analysis and frame times,
from the line it logs for that publish. Prints, per binary, the median and interquartile range
of each. The server's times leave out the pipe and this client, whose noise on this 2-core VM
is larger than most changes worth measuring: session 10 resolved with them what the e2e bench
could not. The didOpen frame is serialized before the clock starts; Python's JSON writes every
non-ASCII char as a \\uXXXX escape, as some clients do.
"""
import os
import re
import statistics
import sys
import tempfile
import time

from lsp_pipe import Server, open_frame

note = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2])
binaries = sys.argv[3:]
if not binaries:
    sys.exit(__doc__)
text = open(note, encoding="utf-8").read()
uri = "file://" + note
didopen = open_frame(uri, text)
# What backend.rs logs once a publish is written: "analysis 22.75ms, frame 3.80ms".
PUBLISHED = re.compile(r"published \d+ diagnostics for version 1: analysis ([0-9.]+)(µs|ms|s), "
                       r"frame ([0-9.]+)(µs|ms|s)")
SCALE = {"µs": 1e-3, "ms": 1.0, "s": 1e3}


def one_open(binary):
    with tempfile.TemporaryFile(mode="w+") as log:
        server = Server(binary, log=log, env={"GEONOTES_LOG": "geonotes=debug"})
        server.initialize(os.path.dirname(note))
        opened = time.perf_counter()
        server.send_frame(didopen)
        while b"publishDiagnostics" not in server.receive()[:200]:
            pass
        client_ms = 1000 * (time.perf_counter() - opened)
        # The server logs the publish after writing it: give the line a moment to land.
        found = None
        for _ in range(100):
            log.seek(0)
            found = PUBLISHED.search(log.read())
            if found:
                break
            time.sleep(0.01)
        server.stop()
        if not found:
            sys.exit(binary + ": no publish line in its log")
        analysis = float(found.group(1)) * SCALE[found.group(2)]
        frame_ms = float(found.group(3)) * SCALE[found.group(4)]
        return client_ms, analysis, frame_ms


def summary(values):
    values = sorted(values)
    quartile = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return f"{statistics.median(values):7.2f} ({quartile(0.25):.2f}–{quartile(0.75):.2f})"


samples = {b: [] for b in binaries}
for _ in range(runs):
    for binary in binaries:
        samples[binary].append(one_open(binary))
print(f"{'binary':40} {'client ms (IQR)':>22} {'analysis ms (IQR)':>22} {'frame ms (IQR)':>22}")
for binary, rows in samples.items():
    columns = [summary([row[k] for row in rows]) for k in range(3)]
    print(f"{binary[-40:]:40} {columns[0]:>22} {columns[1]:>22} {columns[2]:>22}")
