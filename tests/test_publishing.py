"""The publish record, release manifests, the comparison with what is live, and deployment errors in French.

Targets are real folders (and, for the remote one, real rsync over a local stand-in for ssh); the journal and
manifests asserted on are the files those targets wrote.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from fake_programs import on_path
from programme.build.check import CheckReport
from staff import deploy, manifest, record, transport
from staff.deploy import DeployError, LocalTarget, RemoteTarget
from staff.manifest import EventEntry
from staff.record import Switch, TargetState
from staff.vanished import vanished
from test_staff import fake_ssh, make_build  # noqa: F401  (fake_ssh is a fixture)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=PARIS)


def entry(slug: str, title: str = "", start: str = "2026-12-03T19:00:00+01:00", state: str = "scheduled",
          upcoming: bool = True, previous: tuple[str, ...] = ()) -> EventEntry:
    end = start.replace("19:00", "21:00")
    return EventEntry(slug, title or slug.replace("-", " ").capitalize(), f"evenements/{slug}.md", start, end,
                      upcoming, state, previous)


def events_json(*entries: EventEntry) -> str:
    return manifest.dumps(list(entries), NOW)


# The record: rollback steps back through what was live, and a withdrawn release never comes back.

def targets(tmp_path: Path, request) -> LocalTarget | RemoteTarget:
    if request.param == "local":
        return LocalTarget(tmp_path / "www", keep=5)
    request.getfixturevalue("fake_ssh")
    return RemoteTarget("deploy@web", str(tmp_path / "server"), keep=5)


@pytest.fixture(params=["local", "remote"])
def target(tmp_path, request, monkeypatch):
    ids = iter(f"20261125-1{n}0000" for n in range(10))
    monkeypatch.setattr(deploy, "release_id", lambda: next(ids))
    return targets(tmp_path, request)


def root_of(target) -> Path:
    return Path(target.root)


def live(target) -> str:
    return os.readlink(root_of(target) / "current").removeprefix("releases/")


def test_rollback_returns_to_what_was_live_before_never_to_a_withdrawn_release(tmp_path, target):
    a = target.publish(make_build(tmp_path / "a", "A"), events_json(entry("sols")))
    b = target.publish(make_build(tmp_path / "b", "B"), events_json(entry("sols"), entry("nuit")))
    assert (b.replaced, b.history) == (a.release, (a.release, b.release))
    back = target.rollback()
    assert (back.release, back.replaced) == (a.release, b.release) and live(target) == a.release
    c = target.publish(make_build(tmp_path / "c", "C"), events_json(entry("sols", "Sols, 2e édition")))
    assert c.replaced == a.release and c.history == (a.release, c.release)
    assert (root_of(target) / "releases").is_dir() and sorted(os.listdir(root_of(target) / "releases")) == [
        a.release, c.release]  # the withdrawn B, which no rollback may reach, is pruned with its manifest
    assert sorted(os.listdir(root_of(target) / "manifests")) == [f"{a.release}.json", f"{c.release}.json"]

    again = target.rollback()
    assert (again.release, again.replaced) == (a.release, c.release) and live(target) == a.release
    assert (root_of(target) / "current/index.html").read_text(encoding="utf-8") == "<h1>A</h1>"
    with pytest.raises(DeployError, match="aucune version antérieure"):
        target.rollback()
    assert live(target) == a.release

    lines = (root_of(target) / "publications.jsonl").read_text(encoding="utf-8").splitlines()
    journal = [json.loads(line) for line in lines]
    assert [(s["action"], s["release"], s["replaced"]) for s in journal] == [
        ("publish", a.release, None), ("publish", b.release, a.release), ("rollback", a.release, b.release),
        ("publish", c.release, a.release), ("rollback", a.release, c.release)]
    assert target.journal() == [Switch.parse(line) for line in lines]
    assert journal[1]["changes"]["added"] == ["Nuit"] and journal[3]["changes"]["changed"] == ["Sols, 2e édition"]
    assert journal[4]["changes"]["changed"] == ["Sols"]  # back from C to A: the title A had
    assert journal[0]["changes"]["first"] and journal[0]["changes"]["total"] == 1


def test_a_publication_that_finds_current_moved_meanwhile_changes_nothing(tmp_path, target, monkeypatch):
    """Someone else switched the site while this publication was copying: it must not switch over them."""
    a = target.publish(make_build(tmp_path / "a", "A"), events_json()).release
    b = target.publish(make_build(tmp_path / "b", "B"), events_json()).release
    link = root_of(target) / "current"

    def colleague_rolls_back() -> None:
        (root_of(target) / ".other").symlink_to(f"releases/{a}")
        os.replace(root_of(target) / ".other", link)

    if isinstance(target, LocalTarget):
        copy = LocalTarget._copy
        monkeypatch.setattr(LocalTarget, "_copy", lambda self, *args: (copy(self, *args), colleague_rolls_back()))
    else:
        run = transport.run
        monkeypatch.setattr(transport, "run", lambda command, *args: (
            run(command, *args), command[0] == "rsync" and colleague_rolls_back())[0])
    lines = (root_of(target) / "publications.jsonl").read_text(encoding="utf-8")
    with pytest.raises(DeployError, match="le site en ligne a changé pendant cette commande"):
        target.publish(make_build(tmp_path / "c", "C"), events_json())
    assert live(target) == a and sorted(os.listdir(root_of(target) / "releases")) == [a, b]
    assert (root_of(target) / "publications.jsonl").read_text(encoding="utf-8") == lines
    assert sorted(os.listdir(root_of(target) / "manifests")) == [f"{a}.json", f"{b}.json"]


def test_keep_bounds_the_history_and_what_is_kept(tmp_path, monkeypatch):
    ids = iter(f"20261125-1{n}0000" for n in range(10))
    monkeypatch.setattr(deploy, "release_id", lambda: next(ids))
    target = LocalTarget(tmp_path / "www", keep=3)
    names = [target.publish(make_build(tmp_path / f"b{n}", f"V{n}"), events_json()).release for n in range(5)]
    assert target.releases() == names[2:]
    assert [target.rollback().release for _ in range(2)] == [names[3], names[2]]
    with pytest.raises(DeployError, match="aucune version antérieure"):
        target.rollback()


def test_a_target_published_before_the_record_keeps_its_old_rollback_order(tmp_path):
    """Releases r1…r4 with r2 live (two rollbacks of the former kind): r3 and r4 count as withdrawn."""
    state = TargetState("r2", ("r1", "r2", "r3", "r4"))
    assert state.history() == ["r1", "r2"] and state.rollback_target() == "r1"
    switch = record.published(state, "r5", keep=5, changes=None)
    assert switch.history == ("r1", "r2", "r5") and record.prunable(switch, state.releases) == ["r3", "r4"]


def test_current_switched_by_hand_to_an_earlier_release_counts_as_rollbacks():
    last = Switch("2026-11-25T10:00:00+00:00", record.PUBLISH, "r3", "r2", ("r1", "r2", "r3"), None)
    assert TargetState("r2", ("r1", "r2", "r3"), last).history() == ["r1", "r2"]


def test_a_damaged_journal_line_is_skipped_not_fatal():
    good = Switch("2026-11-25T10:00:00+00:00", record.PUBLISH, "r1", None, ("r1",), None).line()
    assert record.parse_journal(f"{good}\n{{not json\n\n{good[:20]}\n") == [Switch.parse(good)]


# Manifests: what each switch changed, in one French line.

def test_changes_count_added_changed_removed_and_renames():
    old = [entry("sols"), entry("nuit"), entry("expo"), entry("atelier")]
    new = [entry("sols", start="2026-12-04T19:00:00+01:00"), entry("nuit"), entry("expo", state="cancelled"),
           entry("atelier-du-samedi", "Atelier", previous=("atelier",)), entry("a"), entry("b"), entry("c"), entry("d")]
    changes = manifest.compare(old, new)
    assert changes.added == ("A", "B", "C", "D") and changes.removed == ()
    assert changes.changed == ("Sols", "Expo", "Atelier")
    assert manifest.summary(changes) == "4 événements ajoutés, 3 modifiés (« Sols », « Expo », « Atelier »)"
    gone = manifest.compare(new, [entry("nuit")])
    assert manifest.summary(gone) == "7 événements retirés"
    assert manifest.summary(manifest.compare([entry("nuit")], [entry("nuit", "Nuit des étoiles")])) == \
        "1 événement modifié (« Nuit des étoiles »)"
    assert manifest.summary(manifest.compare(None, new, nothing_live=True)) == "première publication : 8 événements en ligne"
    assert "pas de liste" in manifest.summary(manifest.compare(None, new))
    assert manifest.summary(manifest.compare(new, new)) == "aucun événement ajouté, modifié ni retiré"


def test_manifest_is_one_line_of_json_and_reads_back():
    text = events_json(entry("sols", "Sols\nvivants", previous=("anciens-sols",)))
    assert "\n" not in text and manifest.loads(text) == [entry("sols", "Sols\nvivants", previous=("anciens-sols",))]
    assert manifest.loads("{damaged") is None


# Vanished events: the live manifest against the content.

def report_of(*events: SimpleNamespace, drafts=(), unreadable=()) -> CheckReport:
    return CheckReport(events=list(events), draft_events=set(drafts), unreadable_events=set(unreadable))


def event(slug: str, previous: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(slug=slug, previous_slugs=previous)


def test_a_live_upcoming_event_gone_from_the_content_is_a_problem_naming_it_with_the_fixes(tmp_path):
    live = [entry("sols", "Les sols vivants"), entry("nuit")]
    [problem] = vanished(live, report_of(event("nuit")), NOW, tmp_path)
    assert not problem.warning and problem.path == "evenements/sols.md"
    assert "« Les sols vivants » (identifiant « sols », jeudi 3 décembre 2026, 19 h) est en ligne et à venir" in str(problem)
    assert "annulez-le avec « État: annulé » (il reste affiché, barré, et les agendas abonnés l'apprennent)" in problem.hint
    assert "ajoutez « Anciens noms: sols » dans sa nouvelle fiche" in problem.hint


def test_renamed_unreadable_past_and_draft_events(tmp_path):
    live = [entry("sols"), entry("expo"), entry("nuit"), entry("conf", state="cancelled"),
            entry("passe", start="2026-11-10T19:00:00+01:00", upcoming=False),
            entry("fini-depuis", start="2026-11-20T19:00:00+01:00", upcoming=True)]  # upcoming when published
    content = report_of(event("sols-vivants", previous=("sols",)), drafts={"nuit"}, unreadable={"expo"})
    found = {problem.path.split("/")[1][:-3]: problem for problem in vanished(live, content, NOW, tmp_path)}
    assert set(found) == {"nuit", "conf", "passe", "fini-depuis"}  # renamed and unreadable ones are not reported
    assert "repassée en brouillon" in found["nuit"].message and not found["nuit"].warning
    assert "il était déjà annulé : remettez sa fiche telle quelle" in found["conf"].hint
    assert found["passe"].warning and found["fini-depuis"].warning
    assert "l'événement passé « Passe »" in found["passe"].message


# ssh and rsync failures, told in French with what they said.

@pytest.mark.parametrize("stderr, french", [
    ("ssh: Could not resolve hostname web: Name or service not known", "le serveur « web » est introuvable"),
    (("ssh: connect to host web port 22: Connection timed out\r\nrsync: connection unexpectedly closed (0 bytes "
      "received so far) [sender]\nrsync error: unexplained error (code 255) at io.c(232) [sender=3.2.7]"),
     "le serveur « web » ne répond pas"),
    ("deploy@web: Permission denied (publickey).", "le serveur « web » refuse la connexion de cet ordinateur"),
    ("Host key verification failed.", "cet ordinateur ne reconnaît pas le serveur « web »"),
    ('rsync: [receiver] write failed on "/srv/x/index.html": No space left on device (28)', "le disque du serveur est plein"),
    ("mkdir: cannot create directory '/srv/x': Permission denied", "le compte qui publie n'a pas le droit d'écrire dans /srv/x"),
    ("sh: 1: rsync: not found", "rsync n'est pas installé sur le serveur"),
    ("something nobody expected", "l'échange avec le serveur « web » a échoué (code 1)"),
])
def test_transport_failures_are_french_and_keep_the_original_for_the_administrator(stderr, french):
    text = transport.explain("web", "/srv/x", 1, stderr)
    assert text.startswith(french) and "administrateur" in text
    assert "Message d'origine (pour l'administrateur) : " in text and stderr.splitlines()[-1].strip() in text


def test_our_own_remote_messages_pass_through_and_missing_programs_are_named(monkeypatch):
    assert transport.explain("web", "/srv/x", transport.OWN_MESSAGE, "le site en ligne a changé\n") == \
        "le site en ligne a changé"
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DeployError, match="le programme « ssh » n'est pas installé sur cet ordinateur"):
        RemoteTarget("web", "/srv/x").state()


def test_an_unreachable_server_fails_in_french_before_anything_is_sent(tmp_path, monkeypatch):
    on_path(tmp_path / "bin", monkeypatch, "ssh",
            "#!/bin/sh\necho 'ssh: connect to host web port 22: No route to host' >&2\nexit 255\n")
    for action in (lambda t: t.publish(make_build(tmp_path / "b", "B"), events_json()), lambda t: t.rollback()):
        with pytest.raises(DeployError) as raised:
            action(RemoteTarget("deploy@web", "/srv/x"))
        assert str(raised.value).startswith("le serveur « deploy@web » ne répond pas")
        assert "No route to host" in str(raised.value)


def test_a_local_folder_that_cannot_be_written_is_explained(tmp_path):
    text = transport.explain_os_error(PermissionError(13, "Permission denied", "/var/www/x"), "/var/www")
    assert text.startswith("ce compte n'a pas le droit d'écrire dans /var/www") and "Permission denied : /var/www/x" in text
    full = transport.explain_os_error(OSError(28, "No space left on device"), "/var/www")
    assert full.startswith("le disque de /var/www est plein")
