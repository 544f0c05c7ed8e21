"""The build's machinery: Pelican's lifecycle, where work runs, and how the output is swapped in.

Owns the generator (read → validate → link → finish → write), `work` (which process does what),
`staging`/`swap`/`outputlock` (a build never leaves the published site half written), `configure` (our
settings into Pelican's), `finishing` (pictures, bodies and checks once everything is linked), the live
preview's re-render and `invoke check`.

It may import every layer. Only the entry points import it: the plugin's `register` and the staff tools.
"""
