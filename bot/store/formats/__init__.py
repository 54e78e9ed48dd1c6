"""Readers that turn a shop export (our JSON, CSV, or the tau-bench retail shop) into `ShopData`."""
