"""The `bot` command: set up the demo shop, import shops, train and measure the models, run the
conversation tests, chat in the terminal and serve the app.

One module per command group, each readable in one sitting:

- `shop.py`: `setup`, `import`, `ingest`, `outbox`
- `train.py`: `train nlu`, `train generator`
- `evaluate.py`: `eval nlu`, `eval retrieval`, `eval generator`
- `conversations.py`: `test`
- `serving.py`: `chat`, `serve`
- `common.py`: the Typer apps, the consoles, settings, progress bars
"""

from __future__ import annotations

import sys

from bot.cli.common import app, err
from bot.errors import BotError

# Importing a command module registers its commands; `bot --help` lists them in this order.
# isort: off
from bot.cli import shop, conversations, serving, train, evaluate  # noqa: E402, F401
# isort: on


def main() -> None:
    """The `bot` command. Expected failures (a bad setting, a missing model, a broken file) print
    one line and exit 1, never a traceback."""
    try:
        app()
    except BotError as exc:
        err.print(f"[bold red]error:[/bold red] {exc}")
        sys.exit(1)
