"""Debian's Chromium as the tests and the benchmarks launch it: offline (no updates, sync or background requests
that would leave 127.0.0.1), headless-friendly, and the same flags everywhere."""
from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
