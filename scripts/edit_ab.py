#!/usr/bin/env python3
"""Edit timings of two or more server binaries, measured side by side in one run.

usage: scripts/edit_ab.py NOTE EDITS BINARY [BINARY ...]

Every binary gets its own server on the same note and the edits go to them in turn (A, B, A,
B, ...), so a machine whose speed wanders between runs treats them alike. With one binary it
measures that binary alone (session 4's edit_timings.py, folded into this script). NOTE's `source:` must resolve. For each binary it prints the medians of the analysis
and frame times the server logs (GEONOTES_LOG=geonotes=debug), and of the round trip seen
by this client (didChange sent → last byte of that version's diagnostics), with its 25th
percentile.
"""
import os, re, statistics, sys, tempfile, time

from lsp_pipe import Server, open_frame

note = os.path.abspath(sys.argv[1]); edits = int(sys.argv[2]); bins = sys.argv[3:]
text = open(note, encoding="utf-8").read()


class S(Server):
    def __init__(self, binary):
        self.log = tempfile.TemporaryFile(mode="w+")
        super().__init__(binary, log=self.log, env={"GEONOTES_LOG": "geonotes=debug"})

    def diags(self, version):
        while True:
            body = self.receive()
            if b"publishDiagnostics" in body[:100] and body.endswith(b'"version":%d}}' % version):
                return


servers = [S(b) for b in bins]
uri = "file://" + note
for s in servers:
    s.initialize(os.path.dirname(note), {"diagnostics": {"trigger": "change", "debounceMs": 0}})
    s.send_frame(open_frame(uri, text))
    s.diags(1)
lines = text.split("\n")
line = next((i for i, l in enumerate(lines) if i > len(lines)//2 and l.strip()), len(lines)//2)
rt = [[] for _ in servers]
for i in range(edits):
    typed = i % 2 == 0
    ch = {"range":{"start":{"line":line,"character":0},"end":{"line":line,"character":0 if typed else 1}},"text":"x" if typed else ""}
    for k, s in enumerate(servers):
        t0 = time.perf_counter()
        s.send({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":uri,"version":i+2},"contentChanges":[ch]}})
        s.diags(i+2)
        rt[k].append((time.perf_counter()-t0)*1000)
for k, s in enumerate(servers):
    s.stop(timeout=None)
    s.log.seek(0)
    an, fr = [], []
    for l in s.log:
        m = re.search(r"analysis ([\d.]+)(µs|ms), frame ([\d.]+)(µs|ms)", l)
        if m:
            an.append(float(m.group(1)) / (1000 if m.group(2) == "µs" else 1))
            fr.append(float(m.group(3)) / (1000 if m.group(4) == "µs" else 1))
    an, fr = an[1:], fr[1:]
    print("%-28s analysis %.3f  frame %.3f  round trip %.3f ms (p25 %.3f)" % (os.path.basename(bins[k]), statistics.median(an), statistics.median(fr), statistics.median(rt[k]), sorted(rt[k])[len(rt[k])//4]))
