"""Use cases: the only code that writes. Each call is one ``db.atomic()`` transaction, checks the acting user's
permission, writes its audit row in the same transaction, and returns what changed."""
