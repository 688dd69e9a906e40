"""Move an event, with everything that belongs to it, between Convene instances.

`export_event` (exporting.py) writes one ZIP file: `event.json` (every row of every
table that belongs to the event, and the accounts those rows name) and the stored
files under `files/`. `import_event` (importing.py) reads it back as a new event.

Which tables belong to an event is read from the metadata (schema.py): a table added
later travels without anyone touching this package, unless one of its columns holds
ids inside a value, a secret or a file key; rules.py lists those columns, and a test
fails when a new one is not listed.
"""
