"""Structured records read from pages: letters, solicitations, guides, directory entries, reports.

`fields` knows the shapes (label/value tables, definition lists, ``标签：值`` lines, list tables,
ul/li and dl lists); each record module only names the labels it wants.  `scan` finds a scan's
columns by name and the pages they list.  Everything is lxml; nothing here judges a record —
the checks do (govsite/checks/interaction.py, policy.py, services.py, disclosure.py).
"""
