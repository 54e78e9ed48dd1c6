"""The rasa-sdk action server's entry point, for shops that also run Rasa:

    python -m rasa_sdk --actions bot.channels.action_server --port 5055

rasa-sdk creates the Actions itself, with no arguments; this module hands them the services that
`bot.wiring` builds from the `BOT_` settings on the first call.
"""

from __future__ import annotations

from bot.actions import rasa_actions
from bot.wiring import action_server_services

rasa_actions.serve_with(action_server_services)
