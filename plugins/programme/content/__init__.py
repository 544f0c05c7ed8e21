"""What staff write, read and made sense of: reading, fields, validation, the programme and its links.

Owns the Markdown files under `content/` (read, sanitised, validated against `schema`, in French or English
field names), the `Content` classes and the `Programme` they form once linked, and the calendars' memory (`ledger`).

It may import `media`, `settings` and `problems`; never `outputs` nor `build`: content knows nothing of
what is published from it.
"""
