"""A parque-collector process for the Python end-to-end tests, and its JSON API.

Used by tests/legacy/real_agents_test.py and tests/windows/end_to_end.py: start the collector on
127.0.0.1 with a port the system chooses, read the port from its log, call the API with a bearer
token over TLS verified against the collector's own CA.
"""
import json
import re
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request


class Failure(Exception):
    pass


class Collector:
    """parque-collector in the foreground; its output is collected by a reader thread."""

    def __init__(self, binary, config):
        self.lines = []
        self.process = subprocess.Popen(
            [binary, "--config", str(config), "--port", "0", "--listen", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_port(self, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                found = re.search(r"listening on https://[^/]*:(\d+)/", line)
                if found:
                    return int(found.group(1))
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise Failure("collector did not report 'listening on':\n" + self.output())

    def output(self):
        return "\n".join(self.lines[-40:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=5)


class Api:
    def __init__(self, port, ca_file, token):
        self.base = f"https://127.0.0.1:{port}"
        self.context = ssl.create_default_context(cafile=str(ca_file))
        self.token = token

    def get(self, path):
        request = urllib.request.Request(self.base + path,
                                         headers={"Authorization": "Bearer " + self.token})
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=20) as reply:
                return json.load(reply)
        except urllib.error.HTTPError as e:
            raise Failure(f"GET {path}: {e.code} {e.read()[:300]!r}") from e

    def devices(self):
        return self.get("/api/v1/devices?limit=500")["devices"]

    def device(self, device_id):
        return self.get(f"/api/v1/devices/{device_id}")

    def events_after(self, device_id, last_id):
        """The device's events with an id above last_id, oldest first."""
        found, cursor = [], None
        while True:
            path = f"/api/v1/devices/{device_id}/history?limit=500"
            page = self.get(path + (f"&cursor={cursor}" if cursor else ""))
            newer = [e for e in page["events"] if e["id"] > last_id]
            found.extend(newer)
            cursor = page.get("next_cursor")
            if not cursor or len(newer) < len(page["events"]):
                return sorted(found, key=lambda e: e["id"])

    def last_event_id(self, device_id):
        events = self.get(f"/api/v1/devices/{device_id}/history?limit=1")["events"]
        return events[0]["id"] if events else 0


def run(command, timeout, env=None):
    started = time.monotonic()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout, time.monotonic() - started


def api_token(binary, config):
    code, output, _ = run([binary, "api-token", "create", "--config", str(config),
                           "--name", "real-agents-test"], 30)
    token = output.strip().splitlines()[-1] if output.strip() else ""
    if code != 0 or not token:
        raise Failure(f"api-token create failed (exit {code}): {output}")
    return token
