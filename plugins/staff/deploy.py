"""Atomic releases: each publication is a new folder, and a `current` symlink is switched to it at the end.

    <target>/releases/20261125-143000/   one folder per publication, complete before anyone sees it
    <target>/current -> releases/…       what the web server serves (`root <target>/current;`)

The switch is one `rename` of a symlink over another, atomic on POSIX: a visitor gets the old site or
the new one, never half of each. Earlier releases are kept for `invoke rollback`. The target is either
a local folder or `[user@]host:/path`, reached with rsync over ssh (`--link-dest` against the current
release, so unchanged files are hard links and only changes travel).
"""

from __future__ import annotations

import filecmp
import os
import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import transport
from .transport import SSH_OPTIONS, DeployError

__all__ = ["DeployError", "LocalTarget", "RemoteTarget", "files_of", "release_id", "target_from"]

RELEASES = "releases"
CURRENT = "current"
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>/.*)$")

Step = Callable[[int], None]  # told how many files were just handled, for the progress bar


def release_id(now: datetime | None = None) -> str:
    return (now or datetime.now(timezone.utc)).strftime("%Y%m%d-%H%M%S")


def files_of(folder: Path) -> list[Path]:
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())


@dataclass(frozen=True)
class LocalTarget:
    root: Path
    keep: int = 5

    @property
    def releases_dir(self) -> Path:
        return self.root / RELEASES

    def releases(self) -> list[str]:
        if not self.releases_dir.is_dir():
            return []
        return sorted(p.name for p in self.releases_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def current(self) -> str | None:
        link = self.root / CURRENT
        return Path(os.readlink(link)).name if link.is_symlink() else None

    def publish(self, build: Path, step: Step = lambda n: None) -> str:
        """Copy `build` into a new release, then switch to it; on any failure, remove the partial copy."""
        name = base = release_id()
        count = 1
        while (self.releases_dir / name).exists():  # two publications within a second
            count += 1
            name = f"{base}-{count}"
        partial = self.releases_dir / f".{name}.partial"
        previous = self.releases_dir / self.current() if self.current() else None
        try:
            self._copy(build, partial, previous, step)
            partial.rename(self.releases_dir / name)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        self.switch(name)
        self._prune()
        return name

    def _copy(self, build: Path, release: Path, previous: Path | None, step: Step) -> None:
        """Hard-link files identical to the current release's (as rsync --link-dest does), copy the rest."""
        for relative in files_of(build):
            source, target = build / relative, release / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            old = previous / relative if previous else None
            if old is not None and old.is_file() and filecmp.cmp(source, old, shallow=False):
                os.link(old, target)
            else:
                shutil.copy2(source, target)
            step(1)

    def switch(self, name: str) -> None:
        """Point `current` at a release, atomically."""
        temporary = self.root / f".{CURRENT}.tmp"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(Path(RELEASES) / name)
        os.replace(temporary, self.root / CURRENT)

    def rollback(self) -> tuple[str, str]:
        """Switch back to the release before the current one; (from, to)."""
        releases, current = self.releases(), self.current()
        if current not in releases or releases.index(current) == 0:
            raise DeployError(f"aucune version antérieure à « {current} » dans {self.releases_dir}.")
        previous = releases[releases.index(current) - 1]
        self.switch(previous)
        return current, previous

    def _prune(self) -> None:
        current = self.current()
        for name in self.releases()[: -self.keep]:
            if name != current:
                shutil.rmtree(self.releases_dir / name)


@dataclass(frozen=True)
class RemoteTarget:
    """The same layout on a server, driven with rsync and ssh (both must work without a password prompt)."""

    host: str
    root: str
    keep: int = 5

    def _ssh(self, script: str) -> list[str]:
        return ["ssh", *SSH_OPTIONS, self.host, f"set -e; cd {shlex.quote(self.root)}; {script}"]

    def _mkdir(self) -> list[str]:
        return ["ssh", *SSH_OPTIONS, self.host, f"mkdir -p {shlex.quote(self.root)}/{RELEASES}"]

    def _run(self, command: list[str]) -> str:
        return transport.run(command, self.host, self.root)

    def publish_commands(self, build: Path, name: str) -> list[list[str]]:
        partial = f"{RELEASES}/.{name}.partial"
        return [
            self._mkdir(),
            self._ssh(f"rm -rf {partial}"),
            # No --times: builds are fresh files, so identical content (--checksum) must be enough to link.
            ["rsync", "--recursive", "--links", "--checksum", "--delete", "--chmod=D755,F644",
             "-e", shlex.join(["ssh", *SSH_OPTIONS]), f"--link-dest={self.root}/{CURRENT}/",
             f"{build}/", f"{self.host}:{self.root}/{partial}/"],
            self._ssh(f"mv {partial} {RELEASES}/{name}; ln -sfn {RELEASES}/{name} .{CURRENT}.tmp; "
                      f"mv -T .{CURRENT}.tmp {CURRENT}; "
                      f"ls -1 {RELEASES} | sort | head -n -{self.keep} | grep -vx {name} | "
                      f"(cd {RELEASES} && xargs -r rm -rf --)"),
        ]

    def rollback_command(self) -> list[str]:
        return self._ssh(
            f'cur=$(basename "$(readlink {CURRENT})"); '
            f'prev=$(ls -1 {RELEASES} | sort | awk -v c="$cur" \'$0 == c {{ print p; exit }} {{ p = $0 }}\'); '
            f'if [ -z "$prev" ]; then echo "aucune version antérieure à $cur" >&2; exit 1; fi; '
            f'ln -sfn "{RELEASES}/$prev" .{CURRENT}.tmp; mv -T .{CURRENT}.tmp {CURRENT}; echo "$cur $prev"'
        )

    def publish(self, build: Path, step: Step = lambda n: None) -> str:
        name = release_id()
        for command in self.publish_commands(build, name):
            self._run(command)
        step(len(files_of(build)))
        return name

    def rollback(self) -> tuple[str, str]:
        current, previous = self._run(self.rollback_command()).split()
        return current, previous


def target_from(setting: str, keep: int = 5) -> LocalTarget | RemoteTarget:
    """`DEPLOY_TARGET` of publishconf.py: a local folder, or `[user@]host:/absolute/path`."""
    if not setting:
        raise DeployError("aucune destination : définissez DEPLOY_TARGET dans publishconf.py.")
    remote = _REMOTE.match(setting)
    if remote:
        return RemoteTarget(remote["host"], remote["path"].rstrip("/") or "/", keep)
    return LocalTarget(Path(setting).resolve(), keep)
