"""Language understanding: what the customer wants (intent), what they named (entities), in which language."""
