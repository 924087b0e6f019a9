"""Schema, migrations, row <-> record mapping and queries. Money is INTEGER rupiah here."""
