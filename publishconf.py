"""Production settings: absolute URLs on the public domain."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = f"https://{SITE_DOMAIN}"  # noqa: F405
RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Where `invoke publish` puts the site: a local folder, or "user@host:/path" (rsync over ssh).
# Each publication is a folder under `<target>/releases/`; the web server serves `<target>/current`
# (see deploy/nginx.conf). The environment variable of the same name overrides it (tests use it).
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET") or "/var/www/sciences-orleans"
DEPLOY_KEEP = 5  # releases kept for `invoke rollback`, the live one included

# What this build publishes is recorded in the calendars' memory (content/.memoire-calendriers/): SEQUENCE
# and DTSTAMP move once per published change, never for a preview.
RECORD_CALENDAR_CHANGES = True

# Drafts are never published.
SHOW_DRAFTS = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
