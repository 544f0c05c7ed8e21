"""The memory of the build's whole process tree, read from /proc (what decides how many search lots run at once)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from programme.build import footprint

pytestmark = pytest.mark.skipif(not footprint.readable(), reason="PSS is read from Linux's /proc")


def test_the_tree_holds_what_a_child_process_holds():
    alone = footprint.tree_mib()
    holding = "import sys; data = bytearray(64 << 20); data[::4096] = b'x' * len(data[::4096]); print(1, flush=True); sys.stdin.read()"
    with subprocess.Popen([sys.executable, "-c", holding], stdin=subprocess.PIPE, stdout=subprocess.PIPE) as child:
        assert child.stdout.readline() == b"1\n"  # its 64 MiB are touched
        assert child.pid in footprint.descendants(os.getpid())
        with_child = footprint.tree_mib()
        child.stdin.close()
    assert with_child - alone >= 60


def test_a_process_gone_holds_nothing():
    with subprocess.Popen([sys.executable, "-c", "pass"]) as child:
        pass
    assert footprint.pss_kib(child.pid) == 0
