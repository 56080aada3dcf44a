#!/usr/bin/env python3
"""The Windows agent under Wine against the Linux collector on loopback, end to end.

In a fresh Wine prefix seeded with registry software (seed-wine-prefix):
  * `parque-agent.exe service install/start/status/stop/uninstall`: the service cycle through
    Wine's service manager (the service runs `parque-agent.exe run`);
  * `parque-agent.exe enroll` with a token and the CA fingerprint (key made in the prefix,
    %ProgramData%\\Parque), then `once`: the collector has one device whose operating system is
    Windows and whose software is exactly the seeded programs and update;
  * a second `once` is a partial inventory: last_full_inventory does not move, last_contact
    does, and nothing in the history changes;
  * mutual TLS: without its certificate the agent is refused; after `device revoke` the
    certificate is refused too and the agent says so.

Usage: end_to_end.py --collector PATH --agent PATH/parque-agent.exe --fixtures DIR [--keep]
"""
import argparse
import os
import pathlib
import shutil
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
from collector_process import Api, Collector, Failure, api_token, run  # noqa: E402

SEEDED = {"Parque POS Driver", "Café Terminal Runtime", "Parque Legacy Card Reader",
          "Parque User Tool", "KB5034441"}
HERE = pathlib.Path(__file__).resolve().parent


class Wine:
    """parque-agent.exe in one throw-away Wine prefix."""

    def __init__(self, root, agent, fixtures):
        self.prefix = root / "wineprefix"
        self.agent = agent
        self.env = dict(os.environ, WINEPREFIX=str(self.prefix), WINEDEBUG="-all",
                        WINEDLLOVERRIDES="mscoree,mshtml=")
        code, output, _ = run([str(HERE / "seed-wine-prefix"), str(self.prefix), str(fixtures)],
                              180, self.env)
        if code != 0:
            raise Failure(f"seed-wine-prefix failed (exit {code}): {output}")
        self.state = self.prefix / "drive_c" / "ProgramData" / "Parque"

    def agent_command(self, *arguments, expect=0):
        code, output, took = run(["wine", self.agent, *arguments], 120, self.env)
        if expect is not None and code != expect:
            raise Failure(f"parque-agent.exe {' '.join(arguments[:2])}: exit {code}, "
                          f"expected {expect}:\n{output}")
        return code, output, took

    def stop(self):
        run(["wineserver", "-k"], 30, self.env)


def write_collector_config(root):
    data = root / "data"
    config = root / "collector.properties"
    config.write_text(f"collector.data_dir = {data}\n")
    return config, data


def collector_command(binary, config, *arguments):
    code, output, _ = run([binary, *arguments, "--config", str(config)], 30)
    lines = output.strip().splitlines()
    if code != 0 or not lines:
        raise Failure(f"parque-collector {' '.join(arguments)} failed (exit {code}): {output}")
    return lines[-1].strip()


def service_cycle(wine):
    """Install, start, see it running, stop, uninstall; each answer as the service manager's."""
    problems = []
    wine.agent_command("service", "install")
    wine.agent_command("service", "start")
    deadline, state = time.monotonic() + 30, ""
    while time.monotonic() < deadline and "running" not in state:
        state = wine.agent_command("service", "status")[1]
        time.sleep(0.5)
    if "ParqueAgent: running" not in state:
        problems.append(f"service not running after start: {state.strip()}")
    wine.agent_command("service", "stop")
    if "ParqueAgent: stopped" not in wine.agent_command("service", "status")[1]:
        problems.append("service not stopped after stop")
    wine.agent_command("service", "uninstall")
    # DeleteService only marks the service: the manager removes it once every handle is closed.
    deadline, code, output = time.monotonic() + 15, 0, ""
    while time.monotonic() < deadline:
        code, output, _ = wine.agent_command("service", "status", expect=None)
        if code != 0 and "1060" in output:  # ERROR_SERVICE_DOES_NOT_EXIST
            return problems
        time.sleep(0.5)
    problems.append(f"service still known after uninstall: exit {code} {output.strip()}")
    return problems


def check_first_inventory(api, took):
    devices = api.devices()
    if len(devices) != 1:
        raise Failure(f"{len(devices)} devices after the first run, expected 1")
    device = api.device(devices[0]["id"])
    inventory = device.get("inventory", device)
    problems = []
    system = inventory.get("operatingsystem", {})
    if system.get("name") != "Windows" or system.get("kernel_name") != "MSWin32":
        problems.append(f"operating system is not Windows: {system}")
    names = {s.get("name") for s in inventory.get("softwares", [])}
    if names != SEEDED:
        problems.append(f"software {sorted(names)} is not exactly the seeded {sorted(SEEDED)}")
    print(f"first run: {took:.1f} s, device {devices[0]['id']}, {len(names)} programs")
    return devices[0], problems


def check_partial(api, first, took):
    history_before = api.last_event_id(first["id"])
    time.sleep(1.1)  # the times have one-second resolution
    after = [d for d in api.devices() if d["id"] == first["id"]][0]
    problems = []
    if after["last_full_inventory"] != first["last_full_inventory"]:
        problems.append("the second run was a full inventory, expected a partial one")
    if after["last_contact"] <= first["last_contact"]:
        problems.append("the second run did not update last_contact")
    if api.last_event_id(first["id"]) != history_before:
        problems.append("the unchanged second run wrote history events")
    print(f"second run (partial): {took:.1f} s")
    return problems


def scenario(collector_binary, agent, fixtures, root):
    config, data = write_collector_config(root)
    api_key = api_token(collector_binary, config)
    enrolment = collector_command(collector_binary, config, "token", "create", "--site",
                                  "windows-test")
    fingerprint = collector_command(collector_binary, config, "fingerprint")
    wine = Wine(root, agent, fixtures)
    collector = Collector(collector_binary, config)
    try:
        port = collector.wait_port()
        api = Api(port, data / "tls" / "ca.pem", api_key)
        server = f"https://127.0.0.1:{port}/"
        wine.state.mkdir(parents=True, exist_ok=True)
        (wine.state / "agent.conf").write_text(f"agent.server = {server}\n")
        problems = service_cycle(wine)
        wine.agent_command("enroll", "--server", server, "--token", enrolment,
                           "--ca-fingerprint", fingerprint)
        first, more = check_first_inventory(api, wine.agent_command("once")[2])
        problems += more
        time.sleep(1.1)
        problems += check_partial(api, first, wine.agent_command("once")[2])
        problems += refused_without_certificate(wine)
        collector_command(collector_binary, config, "device", "revoke", first["id"])
        code, output, _ = wine.agent_command("once", expect=None)
        if code == 0 or "revoked" not in output:
            problems.append(f"a revoked device's run: exit {code}, no 'revoked' in: {output}")
        return problems
    except Failure:
        print("collector output (last lines):\n" + collector.output(), file=sys.stderr)
        raise
    finally:
        collector.stop()
        wine.stop()


def refused_without_certificate(wine):
    """The same state without the device certificate: the collector refuses the agent."""
    certificates = [p for p in wine.state.iterdir() if p.suffix == ".pem" and "ca" not in p.name]
    if not certificates:
        return [f"no device certificate in {wine.state}: {sorted(os.listdir(wine.state))}"]
    hidden = [p.rename(p.with_suffix(".hidden")) for p in certificates]
    try:
        code, output, _ = wine.agent_command("once", expect=None)
    finally:
        for path in hidden:
            path.rename(path.with_suffix(".pem"))
    return [] if code != 0 else [f"the agent was accepted without its certificate: {output}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collector", required=True)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wine"):
        print("FAIL: wine is missing (scripts/build-windows-deps installs it)")
        return 1
    started = time.monotonic()
    root = pathlib.Path(tempfile.mkdtemp(prefix="parque-windows-e2e-"))
    try:
        problems = scenario(str(pathlib.Path(args.collector).resolve()), args.agent,
                            args.fixtures, root)
    except (Failure, OSError) as e:
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
    print(f"OK ({took:.1f} s): service cycle, enrol, full then partial inventory, refusals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
