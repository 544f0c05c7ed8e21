"""Staff tooling behind `tasks.py`: scaffolding, the build runner, live preview and publishing.

Not a Pelican plugin: nothing here runs inside a site build except `building`, which drives one.
Validation itself lives in the `programme` plugin (`programme.check`); this package only calls it.
"""
