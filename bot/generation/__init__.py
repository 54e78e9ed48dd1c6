"""Writing the reply: plan what to say from the facts, then render it (templates now, LLM backends later)."""
