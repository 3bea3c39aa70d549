"""Memory of the server under a connection flood: N connect-and-drop cycles.

Starts `smallshop run --share` on a temporary folder with an owner and a helper
(so every visitor gets the sign-in screen), then, from this computer's LAN
address (a neighbour on the Wi-Fi) or from 127.0.0.1, opens a websocket, sends
Flet's REGISTER_CLIENT, waits for the first screen and drops the connection —
N times, one after another — and prints the server's RSS as it goes. Issue 9:
5,000 cycles used to take the server from 78 MB to 426 MB.

`--drop abrupt` drops the way a phone losing Wi-Fi does: REGISTER_CLIENT, then the
TCP socket is closed at once, without a close frame, before the first screen has
been sent. Until flet-web's dead handler was tidied up (smallshop.web.sessions),
each of those sessions stayed "connected" for ever (~140 kB a drop) and wrote two
tracebacks to the log.

    .venv/bin/python benchmarks/connection_flood.py                # 5,000 cycles
    .venv/bin/python benchmarks/connection_flood.py --cycles 500 --from 127.0.0.1 --json out.json
    .venv/bin/python benchmarks/connection_flood.py --drop abrupt

May import: the standard library, smallshop, and websockets/msgpack (flet-web's own
dependencies).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path

import msgpack
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(folder: Path) -> None:
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    store = open_store(folder)
    try:
        services = Services(store, clock=lambda: datetime.now().astimezone())
        owner = services.members.setup_business("Цех", "Гүлзат", "4826", language="ky")
        services.members.add({"name": "Айпери", "role": "helper", "pin": "1357"}, actor=owner.id)
    finally:
        store.close()


REGISTER = b"\x00" + msgpack.packb([1, {"session_id": "", "page_name": "", "page": {
    "route": "/", "width": 390.0, "height": 844.0, "web": True, "platform": "android", "media": {}}}])


def abrupt_cycle(address: str, port: int) -> None:
    """Connect, register, and close the TCP socket at once (no close frame)."""
    sock = socket.create_connection((address, port), timeout=20)
    host = f"{address}:{port}"
    # no `with`: leaving it would start the closing handshake this drop must not do
    ws = connect(f"ws://{host}/ws", sock=sock, origin=f"http://{host}", open_timeout=20, max_size=None)
    ws.send(REGISTER)
    sock.close()


def one_cycle(address: str, port: int) -> None:
    """Connect, register, wait for the first drawn screen, drop."""
    sock = socket.create_connection((address, port), timeout=20)
    host = f"{address}:{port}"
    with connect(f"ws://{host}/ws", sock=sock, origin=f"http://{host}", open_timeout=20, max_size=None) as ws:
        ws.send(REGISTER)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            data = ws.recv(timeout=20)
            if isinstance(data, bytes) and data[:1] == b"\x00" and msgpack.unpackb(data[1:], strict_map_key=False)[0] == 2:
                return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=5000)
    parser.add_argument("--every", type=int, default=500, help="print RSS every N cycles")
    parser.add_argument("--from", dest="source", default=None,
                        help="connect to this address of the server (default: this computer's LAN address)")
    parser.add_argument("--drop", choices=("clean", "abrupt"), default="clean",
                        help="clean: close after the first screen; abrupt: close the socket right after REGISTER")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", r"connect\(\) must be used as a context manager", DeprecationWarning)

    from smallshop.app import lan_addresses

    address = args.source or (lan_addresses() or ["127.0.0.1"])[0]
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="smallshop-flood-") as tmp:
        folder = Path(tmp) / "data"
        prepare(folder)
        log = open(Path(tmp) / "server.log", "wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "smallshop", "run", "--share", "--no-browser", "--port", str(port),
             "--data-dir", str(folder)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            one_cycle(address, port)  # the first session imports the screens
            time.sleep(1)
            start_rss = rss_mb(server.pid)
            samples = [(0, start_rss, 0.0)]
            began = time.monotonic()
            print(f"server pid {server.pid}, {args.cycles} {args.drop} cycles from {address}; RSS at start {start_rss:.1f} MB")
            cycle = abrupt_cycle if args.drop == "abrupt" else one_cycle
            for done in range(1, args.cycles + 1):
                cycle(address, port)
                if done % args.every == 0 or done == args.cycles:
                    samples.append((done, rss_mb(server.pid), time.monotonic() - began))
                    print(f"{done:6d} cycles  RSS {samples[-1][1]:7.1f} MB  ({samples[-1][2]:.0f} s)", flush=True)
            time.sleep(SETTLE_SECONDS)
            end_rss = rss_mb(server.pid)
            log.flush()
            tracebacks = (Path(tmp) / "server.log").read_text(errors="replace").count("Traceback")
            print(f"after {SETTLE_SECONDS} s idle: RSS {end_rss:.1f} MB; growth {end_rss - start_rss:+.1f} MB "
                  f"(peak sample {max(s[1] for s in samples):.1f} MB); {tracebacks} tracebacks in the server log; "
                  f"load average {os.getloadavg()[0]:.2f}")
            if args.json:
                Path(args.json).write_text(json.dumps({
                    "cycles": args.cycles, "drop": args.drop, "from": address, "rss_start_mb": start_rss, "rss_end_mb": end_rss,
                    "growth_mb": end_rss - start_rss, "tracebacks": tracebacks, "samples": samples, "loadavg": os.getloadavg()[0],
                }, indent=2))
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    return 0


SETTLE_SECONDS = 10

if __name__ == "__main__":
    sys.exit(main())
