"""Production settings: absolute URLs on the public domain."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = f"https://{SITE_DOMAIN}"  # noqa: F405
RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
