"""Atomic releases: each publication is a new folder, and a `current` symlink is switched to it at the end.

    <target>/releases/20261125-143000/   one folder per publication, complete before anyone sees it
    <target>/current -> releases/…       what the web server serves (`root <target>/current;`)
    <target>/publications.jsonl          the journal of switches, and manifests/: see `record`

The switch is one `rename` of a symlink over another, atomic on POSIX: a visitor gets the old site or
the new one, never half of each. The releases a rollback can return to are kept (`record`). The target is
either a local folder or `[user@]host:/path`, reached with rsync over ssh (`--link-dest` against the
current release, so unchanged files are hard links and only changes travel). The journal and manifests
sit beside the releases, never inside the folder the web server serves.
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

from . import manifest, record, transport
from .record import JOURNAL, MANIFESTS, Switch, TargetState
from .transport import OWN_MESSAGE, SSH_OPTIONS, DeployError

__all__ = ["DeployError", "LocalTarget", "RemoteTarget", "deploy_target", "files_of", "release_id", "target_from"]

RELEASES = "releases"
CURRENT = "current"
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>/.*)$")

Step = Callable[[int], None]  # told how many files were just handled, for the progress bar


def release_id(now: datetime | None = None) -> str:
    return (now or datetime.now(timezone.utc)).strftime("%Y%m%d-%H%M%S")


def new_name(existing: tuple[str, ...] | list[str]) -> str:
    """A release name not taken yet (two publications within a second get `-2`)."""
    name = base = release_id()
    count = 1
    while name in existing:
        count += 1
        name = f"{base}-{count}"
    return name


def files_of(folder: Path) -> list[Path]:
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())


def no_earlier(state: TargetState) -> DeployError:
    if state.current is None:
        return DeployError("rien n'est encore en ligne : il n'y a aucune version à retirer.")
    return DeployError(f"aucune version antérieure à « {state.current} » ne peut être remise en ligne : c'est la "
                       "première publication, ou celles d'avant ont déjà été retirées. Pour corriger le site, "
                       "modifiez le contenu puis publiez de nouveau (« ./site publish ») ; « ./site versions » "
                       "montre ce qui a été en ligne.")


def someone_else() -> str:
    return ("le site en ligne a changé pendant cette commande (une autre personne publie-t-elle en même temps ?) : "
            "rien n'a été modifié. Relancez la commande dans une minute.")


def _changes(state: TargetState, new: list[manifest.EventEntry] | None) -> manifest.Changes | None:
    return manifest.compare(state.live_manifest, new, nothing_live=state.current is None)


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

    def manifest(self, release: str) -> list[manifest.EventEntry] | None:
        try:
            return manifest.loads((self.root / MANIFESTS / f"{release}.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def journal(self) -> list[Switch]:
        try:
            return record.parse_journal((self.root / JOURNAL).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []

    def state(self) -> TargetState:
        current, journal = self.current(), self.journal()
        return TargetState(current, tuple(self.releases()), journal[-1] if journal else None,
                           self.manifest(current) if current else None)

    def publish(self, build: Path, events: str | None = None, step: Step = lambda n: None) -> Switch:
        """Copy `build` (and its manifest, `events`) into a new release, then switch to it; on any failure
        before the switch, remove the partial copy."""
        state = self.state()
        name = new_name(state.releases)
        partial = self.releases_dir / f".{name}.partial"
        manifest_file = self.root / MANIFESTS / f"{name}.json"
        previous = self.releases_dir / state.current if state.current else None
        try:
            self._copy(build, partial, previous, step)
            if events is not None:
                manifest_file.parent.mkdir(exist_ok=True)
                _write_atomically(manifest_file, events + "\n")
            partial.rename(self.releases_dir / name)
            if self.current() != state.current:
                shutil.rmtree(self.releases_dir / name)
                raise DeployError(someone_else())
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            manifest_file.unlink(missing_ok=True)
            raise
        switch = record.published(state, name, self.keep,
                                  _changes(state, manifest.loads(events) if events is not None else None))
        self.switch(name)
        self._note(switch)
        self._prune(switch)
        return switch

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

    def rollback(self) -> Switch:
        """Make live again the release that was live before the live one went live."""
        state = self.state()
        target = state.rollback_target()
        if target is None:
            raise no_earlier(state)
        if not (self.releases_dir / target).is_dir():
            raise DeployError(f"la version « {target} » n'existe plus dans {self.releases_dir} : impossible d'y revenir.")
        switch = record.rolled_back(state, manifest.compare(state.live_manifest, self.manifest(target)))
        self.switch(target)
        self._note(switch)
        return switch

    def _note(self, switch: Switch) -> None:
        """Append the switch to the journal (after the switch itself: the journal says what happened)."""
        with (self.root / JOURNAL).open("a", encoding="utf-8") as journal:
            journal.write(switch.line() + "\n")
            journal.flush()
            os.fsync(journal.fileno())

    def _prune(self, switch: Switch) -> None:
        for name in record.prunable(switch, self.releases()):
            shutil.rmtree(self.releases_dir / name)
        manifests = self.root / MANIFESTS
        if manifests.is_dir():
            for kept in manifests.glob("*.json"):
                if not (self.releases_dir / kept.stem).is_dir():
                    kept.unlink()


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@dataclass(frozen=True)
class RemoteTarget:
    """The same layout on a server, driven with rsync and ssh (both must work without a password prompt)."""

    host: str
    root: str
    keep: int = 5

    def _ssh(self, script: str) -> list[str]:
        return ["ssh", *SSH_OPTIONS, self.host, f"set -e; cd {shlex.quote(self.root)}; {script}"]

    def _reading(self, script: str) -> list[str]:
        """A script that reads: nothing there yet (no folder) prints nothing."""
        return ["ssh", *SSH_OPTIONS, self.host, f"cd {shlex.quote(self.root)} 2>/dev/null || exit 0; {script}"]

    def _run(self, command: list[str], stdin: str | None = None) -> str:
        return transport.run(command, self.host, self.root, stdin)

    def state_command(self) -> list[str]:
        """Four lines: the live release, the releases, the journal's last line, the live manifest."""
        return self._reading(
            f'cur=$(readlink {CURRENT} 2>/dev/null || true); cur=${{cur##*/}}; printf "%s\\n" "$cur"; '
            f'ls -1 {RELEASES} 2>/dev/null | tr "\\n" " "; echo; '
            f'last=$(tail -n 1 {JOURNAL} 2>/dev/null || true); printf "%s\\n" "$last"; '
            f'if [ -n "$cur" ]; then m=$(cat "{MANIFESTS}/$cur.json" 2>/dev/null || true); printf "%s\\n" "$m"; fi')

    def state(self) -> TargetState:
        lines = self._run(self.state_command()).split("\n")
        lines += [""] * (4 - len(lines))
        current = lines[0].strip() or None
        return TargetState(current, tuple(sorted(lines[1].split())), Switch.parse(lines[2]) if lines[2] else None,
                           manifest.loads(lines[3]) if lines[3].strip() else None)

    def manifest(self, release: str) -> list[manifest.EventEntry] | None:
        text = self._run(self._reading(f"cat {MANIFESTS}/{shlex.quote(release)}.json 2>/dev/null || true"))
        return manifest.loads(text) if text.strip() else None

    def journal(self) -> list[Switch]:
        return record.parse_journal(self._run(self._reading(f"cat {JOURNAL} 2>/dev/null || true")))

    def _guard(self, state: TargetState, cleanup: str = "") -> str:
        """Stop, in French, if `current` changed since `state` was read (someone else publishing)."""
        return (f'live=$(readlink {CURRENT} 2>/dev/null || true); '
                f'if [ "${{live##*/}}" != {shlex.quote(state.current or "")} ]; then {cleanup}'
                f'echo {shlex.quote(someone_else())} >&2; exit {OWN_MESSAGE}; fi; ')

    def publish_commands(self, build: Path, name: str, state: TargetState, switch: Switch,
                         with_manifest: bool) -> list[list[str]]:
        partial = f"{RELEASES}/.{name}.partial"
        pruned = " ".join(f"{RELEASES}/{shlex.quote(old)} {MANIFESTS}/{shlex.quote(old)}.json"
                          for old in record.prunable(switch, state.releases))
        root = shlex.quote(self.root)
        stored = f"{MANIFESTS}/.{name}.json.partial"
        store = f"cat > {stored}; mv {stored} {MANIFESTS}/{name}.json; " if with_manifest else ""
        finish = (f"{self._guard(state, cleanup=f'rm -rf {partial}; ')}{store}"
                  f"mv {partial} {RELEASES}/{name}; ln -sfn {RELEASES}/{name} .{CURRENT}.tmp; "
                  f"mv -T .{CURRENT}.tmp {CURRENT}; printf '%s\\n' {shlex.quote(switch.line())} >> {JOURNAL}")
        return [
            ["ssh", *SSH_OPTIONS, self.host, f"mkdir -p {root}/{RELEASES} {root}/{MANIFESTS} && rm -rf {root}/{partial}"],
            # No --times: builds are fresh files, so identical content (--checksum) must be enough to link.
            ["rsync", "--recursive", "--links", "--checksum", "--delete", "--chmod=D755,F644",
             "-e", shlex.join(["ssh", *SSH_OPTIONS]), f"--link-dest={self.root}/{CURRENT}/",
             f"{build}/", f"{self.host}:{self.root}/{partial}/"],
            self._ssh(finish + (f"; rm -rf {pruned}" if pruned else "")),
        ]

    def publish(self, build: Path, events: str | None = None, step: Step = lambda n: None) -> Switch:
        state = self.state()
        name = new_name(state.releases)
        switch = record.published(state, name, self.keep,
                                  _changes(state, manifest.loads(events) if events is not None else None))
        mkdir, copy, finish = self.publish_commands(build, name, state, switch, events is not None)
        self._run(mkdir)
        self._run(copy)
        self._run(finish, stdin=events + "\n" if events is not None else None)
        step(len(files_of(build)))
        return switch

    def rollback(self) -> Switch:
        state = self.state()
        target = state.rollback_target()
        if target is None:
            raise no_earlier(state)
        switch = record.rolled_back(state, manifest.compare(state.live_manifest, self.manifest(target)))
        missing = f"la version « {target} » n'existe plus sur le serveur : impossible d'y revenir."
        self._run(self._ssh(
            self._guard(state) +
            f"if [ ! -d {RELEASES}/{shlex.quote(target)} ]; then echo {shlex.quote(missing)} >&2; exit {OWN_MESSAGE}; fi; "
            f"ln -sfn {RELEASES}/{shlex.quote(target)} .{CURRENT}.tmp; mv -T .{CURRENT}.tmp {CURRENT}; "
            f"printf '%s\\n' {shlex.quote(switch.line())} >> {JOURNAL}"))
        return switch


def target_from(setting: str, keep: int = 5) -> LocalTarget | RemoteTarget:
    """`DEPLOY_TARGET` of publishconf.py: a local folder, or `[user@]host:/absolute/path`."""
    if not setting:
        raise DeployError("aucune destination : définissez DEPLOY_TARGET dans publishconf.py.")
    remote = _REMOTE.match(setting)
    if remote:
        return RemoteTarget(remote["host"], remote["path"].rstrip("/") or "/", keep)
    return LocalTarget(Path(setting).resolve(), keep)


def deploy_target(settings: dict) -> LocalTarget | RemoteTarget:
    """Where these settings publish: `DEPLOY_TARGET`, keeping `DEPLOY_KEEP` releases."""
    return target_from(settings.get("DEPLOY_TARGET", ""), settings.get("DEPLOY_KEEP", 5))
