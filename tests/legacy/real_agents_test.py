#!/usr/bin/env python3
"""Debian's real FusionInventory 2.6 and OCS Inventory 2.10 agents against a collector on loopback.

Starts parque-collector with legacy XML intake on (networks 127.0.0.0/8 and ::1/128, HTTP Basic
credentials), runs each agent twice over HTTPS (verified against the collector's own CA), then
checks through the JSON API:
  * device count: both agents report this machine with the same non-virtual MAC address, and
    InventoryStore::resolveAnonymous matches a MAC before the agent's deviceid, so the two agents
    share ONE device (each agent's deviceid differs, a per-agent device would need distinct MACs);
  * after each agent: the device's software count equals `dpkg-query -W`, its CPUs (name, cores,
    threads) and MAC addresses match /proc/cpuinfo and /sys/class/net (lo skipped);
  * each agent's second run recorded no history event (added/removed/modified/replaced).

The agents' state stays in the temp dir: OCS takes --basevardir; FusionInventory 2.6 has no option
for it (vardir is fixed in /usr/share/fusioninventory/lib/setup.pm), so it runs through a small
Perl launcher that defines that `setup` module with a temp vardir before loading the agent.

Usage: real_agents_test.py --collector build/collector/parque-collector [--keep]
Exit status 0 on success, 1 with the failures listed otherwise (2: agents not installed).
"""
import argparse
import base64
import os
import pathlib
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
from collector_process import Api, Collector, Failure, api_token, run  # noqa: E402

REALM = "Parque"  # the collector's WWW-Authenticate realm; OCS only answers a matching one
EVENT_TYPES = {"added", "removed", "modified", "peripheral_replaced"}
FUSION_LAUNCHER = """BEGIN {
    package setup;
    require Exporter;
    our @ISA = ('Exporter');
    our @EXPORT = ('%setup');
    our %setup = (
        datadir => '/usr/share/fusioninventory',
        libdir  => '/usr/share/fusioninventory/lib',
        vardir  => $ENV{PARQUE_FUSION_VARDIR},
    );
    $INC{'setup.pm'} = __FILE__;
}
do '/usr/bin/fusioninventory-agent';
die $@ if $@;
exit 0;
"""


class Machine:
    """What the agents should have found: dpkg packages, CPUs, MAC addresses."""

    def __init__(self):
        code, out, _ = run(["dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\n"], 30)
        if code != 0:
            raise Failure("dpkg-query -W failed:\n" + out)
        self.packages = [line.split("\t") for line in out.splitlines() if line]
        self.cpu_name, self.sockets, self.cores, self.logical = self._cpus()
        self.macs = self._macs()

    @staticmethod
    def _cpus():
        blocks = [b for b in pathlib.Path("/proc/cpuinfo").read_text().split("\n\n") if b.strip()]
        fields = [dict(re.findall(r"^([^:\n]+?)\s*:\s*(.*)$", b, re.M)) for b in blocks]
        processors = [f for f in fields if "processor" in f]
        name = " ".join(processors[0].get("model name", "").split())
        sockets = {f.get("physical id", "0") for f in processors}
        cores = sum(int(next(f for f in processors if f.get("physical id", "0") == s)
                        .get("cpu cores", "0")) for s in sockets)
        return name, len(sockets), cores or len(processors), len(processors)

    @staticmethod
    def _macs():
        macs = {}
        for interface in sorted(pathlib.Path("/sys/class/net").iterdir()):
            address = (interface / "address").read_text().strip().lower()
            if interface.name != "lo" and address and address != "00:00:00:00:00:00":
                macs[address] = interface.name
        return macs


def compare_softwares(inventory, machine):
    softwares = inventory.get("softwares", [])
    if len(softwares) == len(machine.packages):
        return []
    have = sorted(s.get("name", "?") for s in softwares)
    want = sorted(name for name, _ in machine.packages)
    missing = sorted(set(want) - set(have))
    extra = sorted(set(have) - set(want))
    duplicates = sorted({n for n in have if have.count(n) > 1})
    states = sorted({status for _, status in machine.packages})
    return [f"softwares: {len(softwares)} on the device, {len(machine.packages)} lines of "
            f"`dpkg-query -W` (states {states}); missing {missing[:10]}, extra {extra[:10]}, "
            f"reported more than once {duplicates[:10]}"]


def compare_cpus(inventory, machine):
    cpus = inventory.get("cpus", [])
    problems = []
    names = [" ".join(str(c.get("name", "")).split()) for c in cpus]
    if len(cpus) != machine.sockets or any(n != machine.cpu_name for n in names):
        problems.append(f"cpus: {len(cpus)} named {names}, machine has {machine.sockets} "
                        f"'{machine.cpu_name}'")
    cores = sum(int(c.get("core", 0)) for c in cpus)
    if cores != machine.cores:
        problems.append(f"cpus: {cores} cores in total, /proc/cpuinfo says {machine.cores}")
    threads = sum(int(c.get("thread", 0)) for c in cpus)
    if threads != machine.logical:
        problems.append(f"cpus: {threads} threads in total, /proc/cpuinfo lists "
                        f"{machine.logical} processors")
    return problems


def compare_macs(inventory, machine):
    networks = inventory.get("networks", [])
    have = {str(n["mac"]).lower() for n in networks if n.get("mac")} - {"00:00:00:00:00:00"}
    want = set(machine.macs)
    if have == want:
        return []
    missing = {mac: machine.macs[mac] for mac in sorted(want - have)}
    return [f"networks: MACs {sorted(have)}; missing {missing}, not on this machine "
            f"{sorted(have - want)}"]


def check_device(api, machine, device_id, agent):
    inventory = api.device(device_id)["inventory"]
    problems = (compare_softwares(inventory, machine) + compare_cpus(inventory, machine) +
                compare_macs(inventory, machine))
    print(f"  {agent}: device {device_id}: {len(inventory.get('softwares', []))} softwares "
          f"(dpkg-query -W: {len(machine.packages)}), {len(inventory.get('cpus', []))} cpu, "
          f"{len(inventory.get('networks', []))} network entries")
    return [f"{agent}: {p}" for p in problems]


class Agents:
    """The two agents' command lines, state kept under `root`."""

    def __init__(self, root, port, ca_file, user, password):
        self.root = root
        self.base = f"https://127.0.0.1:{port}"
        self.ca_file = str(ca_file)
        self.user, self.password = user, password
        self.launcher = root / "fusion-launcher.pl"
        self.launcher.write_text(FUSION_LAUNCHER)
        (root / "fusion.cfg").write_text("")  # no settings from /etc/fusioninventory
        for name in ("fusion-var", "ocs-var"):
            (root / name).mkdir()

    def fusion(self):
        command = ["perl", str(self.launcher), "--server", self.base + "/plugins/fusioninventory/",
                   "--ca-cert-file", self.ca_file, "--user", self.user,
                   "--password", self.password, "--conf-file", str(self.root / "fusion.cfg"),
                   "--tasks", "inventory", "--logger", "stderr", "--no-httpd"]
        env = dict(os.environ, PARQUE_FUSION_VARDIR=str(self.root / "fusion-var"))
        return command, env

    def ocs(self):
        # OCS 2.10 base64-decodes --user and --password (Ocsinventory::Agent::Encrypt), and LWP
        # answers a Basic challenge only for the realm given with --realm.
        def encoded(text):
            return base64.b64encode(text.encode()).decode()
        command = ["ocsinventory-agent", "--server", self.base + "/ocsinventory", "--ssl", "1",
                   "--ca", self.ca_file, "--nolocal", "--basevardir", str(self.root / "ocs-var"),
                   "--user", encoded(self.user), "--password", encoded(self.password),
                   "--realm", REALM]
        return command, dict(os.environ)


def legacy_count(api):
    """Legacy messages the collector answered (PROLOG and INVENTORY), from /metrics."""
    request = urllib.request.Request(api.base + "/metrics")
    with urllib.request.urlopen(request, context=api.context, timeout=20) as reply:
        text = reply.read().decode()
    found = re.search(r'^parque_intake_duration_seconds_count\{[^}]*"legacy"[^}]*\} (\d+)$',
                      text, re.M)
    return int(found.group(1)) if found else 0


def run_agent(api, agents, agent):
    command, env = agents.fusion() if agent == "fusioninventory" else agents.ocs()
    before = legacy_count(api)
    code, output, took = run(command, 40, env)
    answered = legacy_count(api) - before
    errors = [line for line in output.splitlines()
              if re.search(r"\[error\]|Cannot establish|Execution failure", line)]
    print(f"  {agent}: exit {code} in {took:.1f} s, {answered} messages answered")
    if code != 0 or errors or answered != 2:
        raise Failure(f"{agent} did not deliver PROLOG + INVENTORY (exit {code}, {answered} "
                      f"answered): {' '.join(command)}\n{output[-3000:]}")


def leftover_processes(root, keep_pid, wait=3.0):
    """Processes (other than the collector) whose command line names the temp dir."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in pathlib.Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in (keep_pid, os.getpid()):
                continue
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if str(root) in command:
                found.append(f"{entry.name}: {command.strip()}")
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def describe(event):
    return (f"#{event['id']} {event['type']} {event['section']} {event['component']} "
            f"{event.get('field') or ''}: {event.get('old')!r} -> {event.get('new')!r}")


def agent_round(api, agents, machine, agent, expected_device):
    """Two runs of one agent; returns (device id, problems)."""
    problems = []
    run_agent(api, agents, agent)
    devices = api.devices()
    print(f"  after {agent} run 1: {len(devices)} device(s)")
    if len(devices) != 1:
        return None, [f"{agent}: {len(devices)} devices after its first run, expected 1 "
                      f"(same MAC as the other agent): {[d.get('id') for d in devices]}"]
    device_id = devices[0]["id"]
    if expected_device and device_id != expected_device:
        problems.append(f"{agent}: reported as device {device_id}, not {expected_device}")
    last = api.last_event_id(device_id)
    run_agent(api, agents, agent)
    events = [e for e in api.events_after(device_id, last) if e["type"] in EVENT_TYPES]
    print(f"  after {agent} run 2: {len(api.devices())} device(s), {len(events)} new event(s)")
    for event in events:
        print("    " + describe(event))
    if events:
        problems.append(f"{agent}: its second run recorded {len(events)} history event(s)")
    return device_id, problems + check_device(api, machine, device_id, agent)


def write_config(root, user, password):
    data = root / "data"
    config = root / "collector.properties"  # Poco picks the format by extension
    config.write_text("\n".join([
        f"collector.data_dir = {data}",
        "collector.legacy.enabled = true",
        "collector.legacy.networks = 127.0.0.0/8,::1/128",
        f"collector.legacy.username = {user}",
        f"collector.legacy.password = {password}",
        "collector.legacy.site = legacy-test",
        ""]))
    return config, data


def scenario(binary, root):
    user, password = "parque-legacy", secrets.token_urlsafe(18)
    config, data = write_config(root, user, password)
    token = api_token(binary, config)
    collector = Collector(binary, config)
    try:
        port = collector.wait_port()
        ca_file = data / "tls" / "ca.pem"
        api = Api(port, ca_file, token)
        machine = Machine()
        print(f"collector on 127.0.0.1:{port}; machine: {len(machine.packages)} packages, "
              f"{machine.sockets} x '{machine.cpu_name}' ({machine.cores} cores, "
              f"{machine.logical} threads), MACs {machine.macs}")
        agents = Agents(root, port, ca_file, user, password)
        device, problems = agent_round(api, agents, machine, "fusioninventory", None)
        if device:
            _, more = agent_round(api, agents, machine, "ocsinventory", device)
            problems += more
        problems += [f"agent process still running: {p}"
                     for p in leftover_processes(root, collector.process.pid)]
        total = len(api.devices())
        if total != 1:
            problems.append(f"{total} devices in the end; both agents report the same MAC, so "
                            "resolveAnonymous should give them one device")
        return problems
    except Failure:
        print("collector output (last lines):\n" + collector.output(), file=sys.stderr)
        raise
    finally:
        collector.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collector", required=True, help="path to parque-collector")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (debugging)")
    args = parser.parse_args()
    binary = str(pathlib.Path(args.collector).resolve())
    missing = [a for a in ("fusioninventory-agent", "ocsinventory-agent", "dpkg-query")
               if not shutil.which(a)]
    if missing or not os.access(binary, os.X_OK):
        print(f"FAIL: missing {missing or binary} (scripts/install-deps installs the agents)")
        return 1
    started = time.monotonic()
    root = pathlib.Path(tempfile.mkdtemp(prefix="parque-legacy-"))
    try:
        problems = scenario(binary, root)
    except (Failure, subprocess.TimeoutExpired, OSError) as e:
        problems = [str(e)]
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    took = time.monotonic() - started
    if problems:
        print(f"FAIL ({took:.1f} s):\n  " + "\n  ".join(problems))
        return 1
    print(f"OK ({took:.1f} s): both agents, two runs each, one device, no spurious history")
    return 0


if __name__ == "__main__":
    sys.exit(main())
