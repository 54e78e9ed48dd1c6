"""Front ends that pass customer messages to the orchestrator: Chainlit chat and widget, HTTP, terminal."""
