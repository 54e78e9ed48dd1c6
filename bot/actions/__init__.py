"""What the assistant may do for a customer: identity checks now, order changes later (rasa_sdk Actions)."""
