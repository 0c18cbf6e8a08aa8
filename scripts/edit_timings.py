#!/usr/bin/env python3
"""Median analysis and frame times of one-character edits, from the server's own log.

usage: scripts/edit_timings.py BINARY NOTE [EDITS]

Starts `BINARY lsp` with GEONOTES_LOG=geonotes=debug, opens NOTE (its `source:` must
resolve), then types and deletes one character in a middle line EDITS times (default 200),
with diagnostics on change and no debounce, waiting for each edit's diagnostics. Prints the
medians of the "analysis" and "frame" times the server logs for each publish. Steadier than
the end-to-end bench on a noisy machine: the client's own speed does not enter it.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, note = sys.argv[1], os.path.abspath(sys.argv[2])
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    text = open(note, encoding="utf-8").read()
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(
        [binary, "lsp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        env=dict(os.environ, GEONOTES_LOG="geonotes=debug"),
    )

    def send(message):
        body = json.dumps(message).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive():
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = server.stdout.read(1)
            if not byte:
                sys.exit("the server closed its output")
            header += byte
        length = int(re.search(rb"Content-Length: (\d+)", header).group(1))
        return json.loads(server.stdout.read(length))

    def diagnostics_of(version):
        while True:
            message = receive()
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and params.get("version") == version:
                return params["diagnostics"]

    uri = "file://" + note
    options = {"diagnostics": {"trigger": "change", "debounceMs": 0}}
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": "file://" + os.path.dirname(note),
                     "capabilities": {}, "initializationOptions": options}})
    receive()
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    count = len(diagnostics_of(1))
    lines = text.split("\n")
    line = next((i for i, l in enumerate(lines) if i > len(lines) // 2 and l.strip()), len(lines) // 2)
    for i in range(edits):
        typed = i % 2 == 0
        change = {"range": {"start": {"line": line, "character": 0},
                            "end": {"line": line, "character": 0 if typed else 1}},
                  "text": "x" if typed else ""}
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [change]}})
        diagnostics_of(i + 2)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    receive()
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=10)

    def ms(value):
        number, unit = re.match(r"([\d.]+)(ms|µs|ns|s)", value).groups()
        return float(number) * {"s": 1e3, "ms": 1.0, "µs": 1e-3, "ns": 1e-6}[unit]

    log.seek(0)
    times = [(ms(m.group(1)), ms(m.group(2)))
             for m in re.finditer(r"published \d+ diagnostics for version (?!1:)\d+: analysis (\S+), frame (\S+)", log.read())]
    if not times:
        sys.exit("no publish timings in the server's log")
    print("%d edits, %d diagnostics: analysis %.3f ms, frame %.3f ms (medians)" % (
        len(times), count, statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)))


if __name__ == "__main__":
    main()
