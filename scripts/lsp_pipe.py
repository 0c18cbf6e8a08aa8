"""A language server on pipes, framed by Content-Length, for the measuring scripts beside it.

The scripts import it as a sibling module (`python3 scripts/X.py` puts this folder on the
path). They never parse a diagnostics message they can skip: the 50 MB note's is over 100 MB.
"""
import json
import os
import re
import subprocess
import sys


def frame(message):
    """The bytes of one message as a frame (serialize it before a clock starts)."""
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def open_frame(uri, text, version=1):
    """The didOpen frame of a markdown note."""
    return frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                  "params": {"textDocument": {"uri": uri, "languageId": "markdown",
                                              "version": version, "text": text}}})


class Server:
    """`BINARY lsp`, its standard error to `log` (a file) or dropped, `env` added to ours."""

    def __init__(self, binary, log=None, env=None):
        self.binary = binary
        self.process = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL if log is None else log,
            env=dict(os.environ, **(env or {})))

    def send_frame(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        self.send_frame(frame(message))

    def length(self):
        """Read the next frame's header; the length of its body."""
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.process.stdout.read(1)
            if not byte:
                sys.exit(self.binary + " closed its output")
            header += byte
        return int(re.search(rb"Content-Length: (\d+)", header).group(1))

    def receive(self):
        """The next frame's body."""
        return self.process.stdout.read(self.length())

    def initialize(self, root, options=None):
        params = {"processId": None, "rootUri": "file://" + root, "capabilities": {}}
        if options is not None:
            params["initializationOptions"] = options
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
        self.receive()
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def stop(self, timeout=10):
        self.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        self.receive()
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.process.wait(timeout=timeout)
