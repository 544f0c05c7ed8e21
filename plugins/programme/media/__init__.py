"""Content images: responsive derivatives, generated posters and share cards, and their cache.

`pipeline` is pure Pillow (orientation, colour, metadata, sizes, encodings); `artwork` draws posters
and share cards; `library` plans what each image becomes and hands templates ready-made views;
`store` caches derivatives by content hash and makes the missing ones in worker processes while the
pages are written; `publishing` puts them in the output; `inline` does the same for images written
inside Markdown bodies.
"""
