#!/usr/bin/env python3
"""Hovers sent right after a fresh server's first diagnostics of one note.

usage: scripts/hover_probe.py NOTE BINARY [N]

Starts `BINARY lsp`, opens NOTE, waits for its first diagnostics, then sends N hovers (60 by
default) one after the other, each as soon as the previous one is answered, at capitalized
words spread over the note. Prints the time from the didOpen to the diagnostics, then one
`sent_ms:latency_ms` pair per hover (`n` marks an empty answer), then a summary: the first
hover apart (it may wait for the note's parse), and the median, p90, maximum and count over
1 ms of the others. The didOpen frame is serialized before the clock starts. Python's JSON
writes every non-ASCII char of the note as a \\uXXXX escape, as some clients do.
"""
import os
import re
import sys
import time

from lsp_pipe import Server, open_frame

note = os.path.abspath(sys.argv[1])
binary = sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 60
text = open(note, encoding="utf-8").read()

# Positions: the first letter of capitalized words on ASCII stretches (so that a column in
# UTF-16 equals one in chars), spread evenly over the note.
candidates = []
for number, line in enumerate(text.split("\n")):
    for word in re.finditer(r"\b[A-Z][a-z]+", line):
        if line[: word.start()].isascii():
            candidates.append((number, word.start() + 1))
step = max(1, len(candidates) // count)
positions = candidates[::step][:count]

server = Server(binary)
uri = "file://" + note
server.initialize(os.path.dirname(note))
didopen = open_frame(uri, text)
opened = time.perf_counter()
server.send_frame(didopen)
while b"publishDiagnostics" not in server.receive()[:200]:
    pass
diagnosed = time.perf_counter()

hovers = []
for k, (line, col) in enumerate(positions):
    request_id = 100 + k
    sent = time.perf_counter()
    server.send({"jsonrpc": "2.0", "id": request_id, "method": "textDocument/hover",
                 "params": {"textDocument": {"uri": uri},
                            "position": {"line": line, "character": col}}})
    while True:
        answer = server.receive()
        if b'"id":%d' % request_id in answer:
            break
    done = time.perf_counter()
    hovers.append(((sent - diagnosed) * 1000, (done - sent) * 1000, b'"contents"' in answer))

print(f"diagnostics {1000 * (diagnosed - opened):.1f} ms")
print(" ".join(f"{at:.0f}:{took:.2f}{'' if found else 'n'}" for at, took, found in hovers))
if len(hovers) > 1:
    rest = sorted(took for _, took, _ in hovers[1:])
    slow = sum(1 for took in rest if took > 1.0)
    print(f"first {hovers[0][1]:.2f} rest: median {rest[len(rest) // 2]:.2f} "
          f"p90 {rest[int(len(rest) * 0.9)]:.2f} max {rest[-1]:.2f} "
          f"over1ms {slow}/{len(rest)} span {hovers[-1][0]:.0f}ms")
server.stop()
