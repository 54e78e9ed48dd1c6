"""`python -m bot.cli` runs the `bot` command."""

from bot.cli import main

main()
