"""ssh and rsync for deployment, their failures told in French with the next step.

What ssh, rsync or the system said (in English) is kept below our sentence, for the administrator: staff
read what happened and what to do; whoever they forward it to reads the original.
"""

from __future__ import annotations

import errno
import re
import subprocess

OWN_MESSAGE = 97  # exit status of our remote scripts when they explain themselves, in French, on stderr
# No password prompt can hang a publication behind its progress bar; an unreachable server fails in seconds.
SSH_OPTIONS = ("-o", "BatchMode=yes", "-o", "ConnectTimeout=20")
ADMIN = "l'administrateur du site"
RETRY = "puis relancez la commande"


class DeployError(Exception):
    """A French explanation; the site being served has not changed."""


# (what the tools say, what it means for staff and what to do); the first that matches is told.
_CAUSES_TEXT = (
    (r"could not resolve hostname|name or service not known|nodename nor servname|temporary failure in name resolution",
     ("le serveur « {host} » est introuvable : cet ordinateur n'est peut-être pas connecté à Internet (ou au VPN "
      "du musée, s'il en faut un), ou le nom du serveur est mal écrit dans DEPLOY_TARGET (publishconf.py). "
      f"Vérifiez la connexion, {RETRY} ; si cela continue, demandez à {ADMIN}.")),
    ((r"permission denied \((publickey|password|keyboard|gssapi|hostbased)"
      "|too many authentication failures|authentication failed"),
     ("le serveur « {host} » refuse la connexion de cet ordinateur (sa clé ssh n'y est pas autorisée) : "
      f"demandez à {ADMIN} d'autoriser cet ordinateur à publier.")),
    (r"host key verification failed|remote host identification has changed",
     ("cet ordinateur ne reconnaît pas le serveur « {host} » (première connexion, ou serveur changé) : par "
      f"prudence, rien n'a été envoyé. Demandez à {ADMIN} de confirmer l'identité du serveur.")),
    (r"no space left on device|disk quota exceeded",
     f"le disque du serveur est plein : demandez à {ADMIN} de faire de la place, {RETRY}."),
    (r"rsync: (command )?not found",
     f"rsync n'est pas installé sur le serveur « {{host}} » : demandez à {ADMIN} de l'installer."),
    (r"permission denied|operation not permitted|read-only file system",
     ("le compte qui publie n'a pas le droit d'écrire dans {where} sur le serveur « {host} » : demandez à "
      f"{ADMIN} de vérifier les droits de ce dossier (DEPLOY_TARGET dans publishconf.py).")),
    (("timed out|no route to host|network is unreachable|connection (refused|closed|reset|unexpectedly closed)"
      "|broken pipe|kex_exchange_identification"),
     ("le serveur « {host} » ne répond pas : vérifiez que cet ordinateur est connecté à Internet (et au VPN du "
      f"musée, s'il en faut un), attendez quelques minutes, {RETRY}. Si cela continue, prévenez {ADMIN}.")),
)
_CAUSES = tuple((re.compile(pattern, re.IGNORECASE), text) for pattern, text in _CAUSES_TEXT)


def explain(host: str, where: str, returncode: int, stderr: str) -> str:
    """ssh's or rsync's failure, in French, followed by what it said."""
    if returncode == OWN_MESSAGE and stderr.strip():
        return stderr.strip()
    text = next((text for pattern, text in _CAUSES if pattern.search(stderr)), None)
    if text is None:
        text = (f"l'échange avec le serveur « {{host}} » a échoué (code {returncode}). Vérifiez la connexion à "
                f"Internet (et au VPN du musée, s'il en faut un) et DEPLOY_TARGET dans publishconf.py, {RETRY} ; "
                f"si cela recommence, transmettez le message ci-dessous à {ADMIN}.")
    return text.format(host=host, where=where) + original(stderr)


def original(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return ""
    return "\n    Message d'origine (pour l'administrateur) : " + " | ".join(lines[-4:])


def run(command: list[str], host: str, where: str, stdin: str | None = None) -> str:
    """Run ssh or rsync; its output, or a `DeployError` in French."""
    try:
        result = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise DeployError(f"le programme « {command[0]} » n'est pas installé sur cet ordinateur ; il sert à envoyer "
                          f"le site sur le serveur. Demandez à {ADMIN} de l'installer.") from None
    if result.returncode != 0:
        raise DeployError(explain(host, where, result.returncode, result.stderr))
    return result.stdout


def explain_os_error(error: OSError, where: str) -> str:
    """A local folder that cannot be written (publishing to a folder of this computer or of a mounted disk)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        text = f"le disque de {where} est plein : faites de la place (ou demandez à {ADMIN}), {RETRY}."
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = (f"ce compte n'a pas le droit d'écrire dans {where} : demandez à {ADMIN} de vérifier les droits "
                "de ce dossier, ou DEPLOY_TARGET dans publishconf.py.")
    else:
        text = (f"écriture impossible dans {where} : vérifiez que le dossier (ou le disque) est bien accessible, "
                f"{RETRY} ; si cela recommence, transmettez le message ci-dessous à {ADMIN}.")
    detail = error.strerror or str(error)
    if error.filename:
        detail += f" : {error.filename}"
    return text + original(detail)
