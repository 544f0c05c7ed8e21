"""Staff tooling behind `tasks.py`: scaffolding, the build runner, live preview and publishing.

Not a Pelican plugin: nothing here runs inside a site build except `building`, which drives one.
Validation itself lives in the `programme` plugin (`programme.check`); this package only calls it.
"""

import sys

if sys.argv[:1] == ["-m"]:  # `python -m staff.building` (or `staff.warm`) is starting: Ctrl+C while it loads
    from .interrupting import quiet_while_loading  # ends it quietly (`interrupting`)

    quiet_while_loading()
