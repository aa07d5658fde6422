"""Shared helpers of the labeling scripts: build paths, a throwaway database with tasks and
tokens, and a `ceiling label serve` process on a free loopback port. Standard library only."""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ceiling_binary():
    """$CEILING, else the first built binary found under the usual scratch folders."""
    if os.environ.get("CEILING"):
        return os.environ["CEILING"]
    for folder in (".build/release", ".build/debug", ".build-label/release", ".build-label/debug"):
        path = os.path.join(ROOT, folder, "ceiling")
        if os.path.exists(path):
            return path
    raise SystemExit("no ceiling binary: run `swift build` first or set CEILING")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabelServer:
    """A database in a temporary folder, tokens for the named annotators and one admin, and a
    running server; `stop()` ends the process it started."""

    def __init__(self, tasks, annotators, extra_args=(), workdir=None):
        self.binary = ceiling_binary()
        self.dir = workdir or tempfile.mkdtemp(prefix="ceiling-label-")
        self.db = os.path.join(self.dir, "labels.sqlite")
        tasks_path = os.path.join(self.dir, "tasks.jsonl")
        with open(tasks_path, "w") as f:
            for task in tasks:
                f.write(json.dumps(task) + "\n")
        guidelines = os.path.join(self.dir, "guidelines.md")
        with open(guidelines, "w") as f:
            f.write("# Guidelines\nPrefer correct, concise answers.\n")
        self.tokens = {name: self._add(name) for name in annotators}
        self.admin_token = self._add("admin", admin=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(self.dir, "serve.log"), "w")
        self.process = subprocess.Popen(
            [self.binary, "label", "serve", "--tasks", tasks_path, "--db", self.db, "--port", str(self.port),
             "--guidelines", guidelines, *extra_args], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise SystemExit(f"server did not start; see {self.log.name}")
            time.sleep(0.1)

    def _add(self, name, admin=False):
        args = [self.binary, "label", "add-annotator", name, "--db", self.db] + (["--admin"] if admin else [])
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
