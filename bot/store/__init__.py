"""Persistence: the shop's SQL schema, repositories that return plain records, imports, migrations."""
