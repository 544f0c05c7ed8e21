"""Deployment errors in French: what ssh, rsync or the system said, with the next step.
"""

from __future__ import annotations

import os
import stat

import pytest
from staff import transport
from staff.deploy import DeployError, RemoteTarget
from test_staff import make_build

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
        RemoteTarget("web", "/srv/x").rollback()


def test_an_unreachable_server_fails_in_french_before_anything_is_sent(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ssh = bin_dir / "ssh"
    ssh.write_text("#!/bin/sh\necho 'ssh: connect to host web port 22: No route to host' >&2\nexit 255\n")
    ssh.chmod(ssh.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    for action in (lambda t: t.publish(make_build(tmp_path / "b", "B")), lambda t: t.rollback()):
        with pytest.raises(DeployError) as raised:
            action(RemoteTarget("deploy@web", "/srv/x"))
        assert str(raised.value).startswith("le serveur « deploy@web » ne répond pas")
        assert "No route to host" in str(raised.value)


def test_a_local_folder_that_cannot_be_written_is_explained(tmp_path):
    text = transport.explain_os_error(PermissionError(13, "Permission denied", "/var/www/x"), "/var/www")
    assert text.startswith("ce compte n'a pas le droit d'écrire dans /var/www") and "Permission denied : /var/www/x" in text
    full = transport.explain_os_error(OSError(28, "No space left on device"), "/var/www")
    assert full.startswith("le disque de /var/www est plein")
