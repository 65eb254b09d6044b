"""The composition root: settings, database, wiring and the `pledges` command line."""
