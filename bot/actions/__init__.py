"""What the assistant may do for a customer: verify who they are, then propose and, on their yes,
apply order changes (rasa_sdk Actions run in-process), or hand over to a person."""
