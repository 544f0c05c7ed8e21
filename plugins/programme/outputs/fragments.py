"""`{% cache key, … %}…{% endcache %}`: render a template fragment once per build and key.

An event's card is printed on the agenda, the archives and the pages of its venue, its cycle and each
speaker: several times per build, identically. The key must name everything the fragment prints
that is not fixed for the build (the item, arguments, `SITEURL` under relative URLs). The store
lives on the Jinja environment, which Pelican creates anew for every build.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension


class FragmentCache(Extension):
    tags = {"cache"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_render_once", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render_once(self, key: tuple, caller) -> str:
        store = self.environment.fragment_cache
        if key not in store:
            store[key] = caller()
        return store[key]
