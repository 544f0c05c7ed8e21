"""Preview settings: what `invoke build` and `pelican content` use."""

SITENAME = "Sciences à Orléans"
SITESUBTITLE = "Le programme sciences et société du Muséum d'Orléans pour la Biodiversité et l'Environnement"
SITEURL = ""
SITE_DOMAIN = "sciences.orleans-metropole.fr"
ORGANIZER_NAME = "Muséum d'Orléans pour la Biodiversité et l'Environnement (MOBE)"
ORGANIZER_URL = "https://www.mobe-orleans.fr/"

PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["programme"]

# Ordinary Pelican content: news articles and static pages.
ARTICLE_PATHS = ["actualites"]
ARTICLE_URL = "actualites/{slug}/"
ARTICLE_SAVE_AS = "actualites/{slug}/index.html"
INDEX_URL = "actualites/"
INDEX_SAVE_AS = "actualites/index.html"
PAGE_PATHS = ["pages"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
SLUGIFY_SOURCE = "basename"
# Captions and video files are copied as they are; images (content/images) are published only as the
# plugin's derivatives, oriented, resized and stripped of their metadata.
STATIC_PATHS = ["media"]

# Nothing Pelican would publish beyond what the programme plugin decides.
DIRECT_TEMPLATES = ["index", "404"]
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
DEFAULT_PAGINATION = False

# Metadata is text: every template escapes what it prints.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# `SITE_NOW` (environment) overrides this; None means the clock.
SITE_NOW = None

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Relative to this file, whatever the working directory: image derivatives are cached in cache/images.
CACHE_PATH = "cache"
# The cache holds every rendered body: compressing it again after each edit costs more than it saves.
GZIP_CACHE = False

# The preview shows drafts, each under a « Brouillon » banner (never `invoke publish`: see publishconf.py).
SHOW_DRAFTS = True
DRAFT_URL = "brouillons/{slug}/"
DRAFT_SAVE_AS = "brouillons/{slug}/index.html"
DRAFT_PAGE_URL = "brouillons/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "brouillons/pages/{slug}/index.html"
