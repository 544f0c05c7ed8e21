"""A build process skips Python's last collection over everything it built (`programme.exiting`)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

# A reference cycle whose finaliser writes a file: only a garbage collection can free it.
SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {plugins!r})
    from pathlib import Path
    {setup}

    class Cycle:
        def __del__(self):
            Path({marker!r}).write_text("collected")

    cycle = Cycle()
    cycle.me = cycle
    del cycle
    {before_exit}
""")


def run(tmp_path, setup: str = "", before_exit: str = "") -> bool:
    """Whether the cycle left at exit was collected."""
    marker = tmp_path / "collected"
    script = SCRIPT.format(plugins=str(ROOT / "plugins"), marker=str(marker), setup=setup, before_exit=before_exit)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path, timeout=120)
    return marker.exists()


def test_without_it_python_collects_at_exit(tmp_path):
    assert run(tmp_path, "import gc; gc.disable()")  # the control: the collection at exit is what frees the cycle


@pytest.mark.parametrize("calls", [1, 2])
def test_the_objects_left_at_exit_are_not_collected(tmp_path, calls):
    setup = "import gc; gc.disable()\nfrom programme import exiting\n" + "exiting.skip_final_collection()\n" * calls
    assert not run(tmp_path, setup)


def test_a_pelican_build_with_the_plugin_skips_it(tmp_path, site):
    build = textwrap.dedent(f"""
        import gc; gc.disable()
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        from conftest import Site
        Site(Path({str(site.root)!r})).build()
    """)
    assert not run(tmp_path, build)
