"""Pictures: every image of the site planned, made once per content hash, cached and cropped.

Owns the responsive derivatives of content images (`library`, `pipeline`), their cache and worker processes
(`store`), and the artwork drawn when content has no picture (posters, share cards, icons).

It may import `settings` and `problems` only.
"""
