"""Writing the reply: plan what to say from the facts, then word it (templates, or a language model
whose every sentence the verifier checks against the same facts)."""
