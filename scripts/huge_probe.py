#!/usr/bin/env python3
"""Peak and resident memory of the server with one huge note open, edited and saved.

usage: scripts/huge_probe.py [--settle SECONDS] NOTE BINARY [BINARY ...]

For each binary, in turn: start `BINARY lsp`, open NOTE (its `source:` resolves or not, as
the note says), wait for its first diagnostics, read VmHWM and VmRSS from /proc; type one
character in a middle line, save, wait for the diagnostics of that version, read them again;
then shut down. Diagnostics trigger on save (the default). The client never parses a
diagnostics message (the 50 MB note's is over 100 MB): it reads its header and skips the body.
Prints one line per binary with the note's size and each reading in MB and as a multiple of
the note.

`--settle SECONDS` waits that long after each of the two diagnostics before reading memory. A
note without a usable source gets its diagnostics before its whole analysis, which runs once
requests pause: without the wait, whether a reading includes that analysis is a matter of
timing.
"""
import os, sys, time

from lsp_pipe import Server, open_frame

args = sys.argv[1:]
settle = 0.0
if "--settle" in args:
    at = args.index("--settle")
    settle = float(args[at + 1])
    del args[at:at + 2]
note = os.path.abspath(args[0])
bins = args[1:]
text = open(note, encoding="utf-8").read()
size_mb = len(text.encode()) / 1e6


def status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0]) / 1000
    return fields


def run(binary):
    server = Server(binary)

    def diagnostics(version):
        # The version closes the params object: the last bytes of the body tell it.
        tail = b'"version":%d}}' % version
        out = server.process.stdout
        while True:
            n = server.length()
            head = out.read(min(n, 100))
            rest = n - len(head)
            last = head[-64:]
            while rest > 0:
                chunk = out.read(min(rest, 1 << 20))
                rest -= len(chunk)
                last = (last + chunk)[-64:]
            if b"publishDiagnostics" in head and last.endswith(tail):
                return

    uri = "file://" + note
    server.initialize(os.path.dirname(note))
    t0 = time.perf_counter()
    server.send_frame(open_frame(uri, text))
    diagnostics(1)
    opened = time.perf_counter() - t0
    pid = server.process.pid
    time.sleep(settle)
    at_open = status(pid)
    lines = text.split("\n")
    line = next((i for i, l in enumerate(lines) if i > len(lines) // 2 and l.strip()),
                len(lines) // 2)
    t0 = time.perf_counter()
    server.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                 "params": {"textDocument": {"uri": uri, "version": 2},
                            "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                                          "end": {"line": line, "character": 0}},
                                                "text": "x"}]}})
    server.send({"jsonrpc": "2.0", "method": "textDocument/didSave",
                 "params": {"textDocument": {"uri": uri}}})
    diagnostics(2)
    edited = time.perf_counter() - t0
    time.sleep(max(0.5, settle))
    after = status(pid)
    server.stop(timeout=30)
    x = lambda mb: f"{mb:.0f} MB ({mb / size_mb:.1f}x)"
    settled = f" (readings {settle:g} s after the diagnostics)" if settle else ""
    print(f"{binary}{settled}: note {size_mb:.1f} MB; open {opened:.2f} s, peak {x(at_open['VmHWM'])}; "
          f"edit+save {edited:.2f} s, peak {x(after['VmHWM'])}, resident {x(after['VmRSS'])}")


for b in bins:
    run(b)
