"""The `bot` command: set up the demo shop, import shops, chat in the terminal, serve the app."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from bot.errors import BotError, ConfigError
from bot.generation.tuning.lora import LoraConfig
from bot.redaction import RedactingFilter
from bot.settings import Settings, load_settings
from bot.understanding.entities import extract_entities

train_app = typer.Typer(help="Train the assistant's models.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the assistant's models.", no_args_is_help=True)
app = typer.Typer(
    help="A grounded customer-service assistant for online shops.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
console = Console()
err = Console(stderr=True, soft_wrap=True)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise _fail(exc) from None
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    return settings


def _fail(exc: BotError) -> typer.Exit:
    err.print(f"[bold red]error:[/bold red] {exc}")
    return typer.Exit(code=1)


def _import_with_progress(settings: Settings, path: Path) -> dict[str, int]:
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.importer import import_shop

    engine = make_engine(settings.database_url)
    upgrade(engine)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(kind: str, done: int) -> None:
            if kind not in tasks:
                tasks[kind] = progress.add_task(f"writing {kind}", total=None)
            progress.update(tasks[kind], completed=done)

        result = import_shop(make_sessionmaker(engine), path, progress=report)
    engine.dispose()
    return {"format": result.format, **result.counts}  # type: ignore[dict-item]


def _fingerprint(folder: Path, database_url: str) -> str:
    digest = hashlib.sha256(database_url.encode())
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            digest.update(str(file.relative_to(folder)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


@app.command()
def setup(
    force: Annotated[bool, typer.Option(help="Rebuild even if nothing changed.")] = False,
) -> None:
    """Prepare the demo shop: database, shop data and models, each only when missing or stale."""
    settings = _settings()
    shop_dir = settings.knowledge_dir / "shop"
    stamp = settings.var_dir / "stamps" / "shop.sha256"
    fingerprint = _fingerprint(shop_dir, settings.database_url)
    try:
        if not force and stamp.is_file() and stamp.read_text() == fingerprint:
            from bot.store.db import make_engine, upgrade

            upgrade(make_engine(settings.database_url))
            console.print("shop database is up to date")
        else:
            counts = _import_with_progress(settings, shop_dir)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(fingerprint)
            console.print(f"imported the demo shop: {counts}")
        documents = [settings.knowledge_dir / d for d in settings.document_dirs]
        console.print(f"documents: {_ingest(settings, [d for d in documents if d.exists()])}")
        if settings.intent_classifier == "model":
            console.print(f"intent model: {_train_nlu(settings, force=force)}")
        if settings.llm_backend == "embedded":
            from bot.generation.embedded import adapter_dir, converted_dir

            # The one-off GGUF conversion takes ~25 s: do it here, not on the first customer turn.
            folder = converted_dir(settings.llm_model, settings.models_dir)
            adapter = adapter_dir(settings.llm_adapter, settings.llm_model)
            console.print(
                f"reply model: {folder}" + (f" + adapter {adapter.name}" if adapter else "")
            )
    except BotError as exc:
        raise _fail(exc) from exc


def _train_nlu(settings: Settings, *, force: bool = False) -> Path:
    from bot.understanding.training import artifact_dir, fingerprint, train
    from bot.wiring import nlu_training_config, nlu_training_data

    config = nlu_training_config(settings)
    data = nlu_training_data(settings)
    if force:
        shutil.rmtree(
            artifact_dir(settings.models_dir, fingerprint(data, config)), ignore_errors=True
        )
    console.print(f"intent examples: {data.counts}")
    with _step_progress("training intent classifier") as report:
        return train(data, config, settings.models_dir, progress=report)


@contextmanager
def _step_progress(
    description: str, *, on: Console = console
) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar for steps of long work; yields the callback the work reports to.
    Commands that print JSON show it `on` stderr."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=on,
    ) as progress:
        task = progress.add_task(description, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


@train_app.command("nlu")
def train_nlu(
    force: Annotated[bool, typer.Option(help="Retrain even if up to date.")] = False,
) -> None:
    """Fine-tune the intent classifier on knowledge/nlu and the public sets in data/."""
    settings = _settings()
    try:
        folder = _train_nlu(settings, force=force)
    except BotError as exc:
        raise _fail(exc) from exc
    card = json.loads((folder / "nlu.json").read_text())
    console.print(f"intent model: {folder}")
    console.print(
        {
            k: card[k]
            for k in (
                "train_seconds",
                "train_examples_per_second",
                "schedule",
                "temperature",
                "thresholds",
                "calibration",
                "zh_thresholds",
                "zh_calibration",
            )
        }
    )


PAIRS_DATE = "2026-11-22"
"""The day the generator's pairs are built on (it decides which orders are late): fixed, so the
shipped adapter can be reproduced."""


@train_app.command("generator")
def train_generator(
    steps: Annotated[int, typer.Option(help="Optimizer steps.")] = LoraConfig.steps,
    seed: Annotated[int, typer.Option(help="Seed for the pairs, the split and training.")] = 42,
    out: Annotated[
        Path | None, typer.Option(help="Adapter folder (default: the one the package ships).")
    ] = None,
) -> None:
    """Fine-tune the embedded model with LoRA on grounded reply pairs from the demo shop."""
    from bot.generation.embedded import SHIPPED_ADAPTERS, converted_dir
    from bot.generation.tuning.lora import train_adapter
    from bot.generation.tuning.pairs import split
    from bot.wiring import generator_pairs

    settings = _settings()
    target = out or SHIPPED_ADAPTERS.get(settings.llm_model)
    if target is None:
        raise _fail(ConfigError(f"no default adapter folder for {settings.llm_model!r}: --out"))
    try:
        pairs = generator_pairs(settings, seed=seed, today=date.fromisoformat(PAIRS_DATE))
        train_pairs, held_out = split(pairs)
        console.print(
            f"pairs: {len(train_pairs)} for training, {len(held_out)} held out "
            f"({len(pairs) - len(train_pairs) - len(held_out)} more held-out pairs dropped: "
            "they repeat a training question)"
        )
        base = converted_dir(settings.llm_model, settings.models_dir)
        config = LoraConfig(steps=steps, seed=seed, threads=settings.torch_threads)
        command = f"bot train generator --steps {steps} --seed {seed}"
        with _step_progress("fine-tuning the reply model (LoRA)") as report:
            meta = train_adapter(
                train_pairs, base, target, config, command=command, progress=report
            )
    except BotError as exc:
        raise _fail(exc) from exc
    console.print(f"adapter: {target}")
    console.print({k: meta[k] for k in ("pairs_used", "train_seconds", "seconds_per_step")})


@eval_app.command("generator")
def eval_generator(
    seed: Annotated[int, typer.Option(help="The seed the pairs were built with.")] = 42,
    limit: Annotated[int, typer.Option(help="Score at most this many held-out pairs.")] = 0,
    adapter: Annotated[
        Path | None, typer.Option(help="Adapter to score (default: the shipped one).")
    ] = None,
) -> None:
    """Score the embedded model on held-out pairs, before and after its fine-tune, beside the
    template writer and a baseline that copies the prompt's facts, in one run, as JSON."""
    from bot.generation.embedded import EmbeddedBackend, adapter_dir, converted_dir
    from bot.generation.tuning.evaluation import (
        copy_writer,
        delexicalised_writer,
        evaluate,
        model_writer,
        template_writer,
    )
    from bot.generation.tuning.pairs import split
    from bot.wiring import catalog_product_names, generator_pairs

    settings = _settings()
    try:
        pairs = generator_pairs(settings, seed=seed, today=date.fromisoformat(PAIRS_DATE))
        held_out = split(pairs)[1][: limit or None]
        tuned = adapter or adapter_dir("auto", settings.llm_model)
        if tuned is None:
            raise ConfigError("no adapter to score: train one (`bot train generator`) or --adapter")
        converted_dir(settings.llm_model, settings.models_dir)
        names = catalog_product_names(settings)
        scores = [
            evaluate(template_writer, held_out, names, label="template"),
            evaluate(copy_writer, held_out, names, label="copy the prompt"),
        ]
        runs = (
            ("base", None, model_writer),
            ("fine-tuned", tuned, model_writer),
            ("fine-tuned, delexicalised", tuned, delexicalised_writer),
        )
        for label, folder, writer in runs:
            backend = EmbeddedBackend(
                settings.llm_model,
                settings.models_dir,
                adapter=folder,
                threads=settings.torch_threads,
            )
            with _step_progress(f"replying to held-out pairs ({label})", on=err) as report:
                scores.append(
                    evaluate(
                        writer(backend),
                        held_out,
                        names,
                        label=label,
                        backend=backend,
                        progress=report,
                    )
                )
    except BotError as exc:
        raise _fail(exc) from exc
    print(
        json.dumps(
            {
                "scores": [s.summary() for s in scores],
                "samples": {s.model: s.samples for s in scores},
            },
            ensure_ascii=False,
            indent=2,
        )
    )


@eval_app.command("nlu")
def eval_nlu(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A CSV with a text and a label column; default: every report-only set."
        ),
    ] = None,
    text_column: Annotated[str, typer.Option(help="Column with the utterance.")] = "text",
    label_column: Annotated[str, typer.Option(help="Column with the label.")] = "label",
    map_file: Annotated[
        Path | None,
        typer.Option("--map", help="CSV foreign,ours mapping the file's labels to ours."),
    ] = None,
    baseline: Annotated[
        bool, typer.Option(help="Also train and score a TF-IDF + logistic-regression baseline.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON.")] = False,
) -> None:
    """Score the intent classifier beside a TF-IDF baseline trained on the same examples.

    Without FILE it scores every set training never saw: the held-out parts of the project's
    examples, Bitext, Banking77 and CLINC150's validation split, and knowledge/eval/nlu/*.csv."""
    from bot.understanding.evaluation import (
        LabelledSet,
        TfidfBaseline,
        latency_ms,
        read_labelled_csv,
        report_sets,
        score,
    )
    from bot.understanding.nlu_data import load_label_map
    from bot.understanding.training import current_model
    from bot.wiring import intent_classifier, nlu_training_data

    settings = _settings()
    logging.getLogger().setLevel(logging.WARNING)
    try:
        sets: dict[str, LabelledSet]
        if file is not None:
            mapping = load_label_map(map_file) if map_file else None
            sets = {file.stem: read_labelled_csv(file, text_column, label_column, mapping)}
        else:
            model_dir = current_model(settings.models_dir)
            if model_dir is None:
                raise ConfigError("no trained intent model: run `bot setup` or `bot train nlu`")
            sets = report_sets(model_dir / "heldout", settings.knowledge_dir / "eval" / "nlu")
        classifier = intent_classifier(settings)
        tfidf = None
        if baseline:
            data = nlu_training_data(settings)
            tfidf = TfidfBaseline(seed=settings.nlu_seed).fit([*data.train, *data.zh_train])
    except BotError as exc:
        raise _fail(exc) from exc
    classifier.warm_up()
    many = getattr(classifier, "classify_many", None)
    report: dict[str, dict[str, object]] = {}
    for name, rows in sets.items():
        if many is not None:
            guesses = [
                g for i in range(0, len(rows.texts), 256) for g in many(rows.texts[i : i + 256])
            ]
        else:
            guesses = [classifier.classify(t, extract_entities(t)) for t in rows.texts]
        report[name] = {"skipped_rows": rows.skipped, "model": score(rows.labels, guesses)}
        if tfidf is not None:
            report[name]["baseline_tfidf"] = score(rows.labels, tfidf.classify_many(rows.texts))
    first = next(iter(sets.values()))
    latency = latency_ms(lambda t: classifier.classify(t, extract_entities(t)), first.texts)
    if as_json or file is not None:
        sys.stdout.write(
            json.dumps({"sets": report, "latency_ms": latency}, indent=1, ensure_ascii=False) + "\n"
        )
        return
    _print_nlu_table(report)
    console.print(f"latency per turn (ms): {latency}")


def _print_nlu_table(report: dict[str, dict[str, Any]]) -> None:
    table = Table("n", "who", "accuracy", "macro-F1", "oos recall", "in-scope rejected")
    table.add_column("set", no_wrap=True)
    for name, result in report.items():
        for who in ("model", "baseline_tfidf"):
            if who not in result:
                continue
            figures = result[who]
            table.add_row(
                str(figures["examples"]) if who == "model" else "",
                "model" if who == "model" else "TF-IDF",
                f"{figures['accuracy']:.3f}",
                f"{figures['macro_f1']:.3f}",
                "" if figures["oos_recall"] is None else f"{figures['oos_recall']:.3f}",
                f"{figures['in_scope_rejected']:.3f}",
                escape(name) if who == "model" else "",
            )
    console.print(table)


def _ingest(settings: Settings, paths: list[Path]) -> str:
    from bot.retrieval.ingest import ingest
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.repositories import CatalogRepository, DocumentRepository
    from bot.wiring import passage_index

    engine = make_engine(settings.database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    index = passage_index(settings)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[rate]}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting documents", total=None, rate="")
        started = time.perf_counter()

        def report(doc_id: str, done: int, total: int, passages: int) -> None:
            rate = passages / max(time.perf_counter() - started, 1e-6)
            progress.update(
                task,
                completed=done,
                total=total,
                description=f"ingesting {doc_id}",
                rate=f"{rate:.0f} passages/s",
            )

        result = ingest(
            paths,
            index=index,
            documents=DocumentRepository(sessions),
            products=list(CatalogRepository(sessions).terms().products),
            progress=report,
        )
    engine.dispose()
    return (
        f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.removed} removed; {result.passages} passages written in {result.seconds} s "
        f"({result.passages_per_second} passages/s); index holds {index.count()} passages"
    )


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: Markdown, HTML, text, PDF, JSONL reviews, CSV/JSONL FAQ."
        ),
    ],
) -> None:
    """Bring documents into the search index; unchanged ones are skipped, deleted ones removed."""
    settings = _settings()
    try:
        console.print(_ingest(settings, paths))
    except BotError as exc:
        raise _fail(exc) from exc


@eval_app.command("retrieval")
def eval_retrieval(
    file: Annotated[Path, typer.Argument(help="JSONL rows {question, gold}.")],
) -> None:
    """Recall@1/5/10, MRR and latency of vector, BM25 and hybrid search, as JSON."""
    from bot.retrieval.evaluation import evaluate, load_questions
    from bot.wiring import searcher

    settings = _settings()
    logging.getLogger().setLevel(logging.WARNING)
    try:
        questions = load_questions(file)
        search = searcher(settings)
        search.warm_up()
    except BotError as exc:
        raise _fail(exc) from exc
    report = {
        "file": str(file),
        "questions": len(questions),
        "vector": evaluate(search, questions, "vector"),
        "bm25": evaluate(search, questions, "bm25"),
        "hybrid": evaluate(search, questions, "hybrid"),
    }
    sys.stdout.write(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


@app.command("test")
def test_conversations(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders of cases (default: conversations/)."),
    ] = None,
    junit: Annotated[Path | None, typer.Option(help="Also write JUnit XML here.")] = None,
    backend: Annotated[
        str, typer.Option(help="template (deterministic) or embedded (the reply model).")
    ] = "template",
    workers: Annotated[int, typer.Option(min=1, help="Cases run side by side.")] = 2,
    coverage_json: Annotated[Path | None, typer.Option(help="Write coverage as JSON.")] = None,
) -> None:
    """Run the scripted conversation tests, each on a fresh copy of its shop."""
    from bot.testing.cases import load_cases
    from bot.testing.report import coverage, print_coverage, print_report, write_junit
    from bot.testing.runner import ConversationRunner

    if backend not in ("template", "embedded"):
        raise _fail(ConfigError(f"--backend must be template or embedded, not {backend!r}"))
    settings = _settings().model_copy(update={"llm_backend": backend})
    try:
        cases = load_cases(paths or [Path("conversations")])
    except BotError as exc:
        raise _fail(exc) from exc
    runner = ConversationRunner(settings, workers=workers)
    try:
        with _step_progress("conversation tests") as report:
            done: list[int] = []

            def progressed(_: object) -> None:
                done.append(1)
                report(len(done), len(cases))

            results = runner.run(cases, on_result=progressed)
    except BotError as exc:
        raise _fail(exc) from exc
    finally:
        runner.close()
    print_report(console, results)
    covered = coverage(results)
    print_coverage(console, covered)
    if junit:
        write_junit(junit, results)
    if coverage_json:
        coverage_json.write_text(json.dumps(covered, indent=2) + "\n")
    raise typer.Exit(0 if all(r.as_expected for r in results) else 1)


@app.command("import")
def import_(path: Annotated[Path, typer.Argument(help="A shop export: file or folder.")]) -> None:
    """Import a shop (our JSON or CSV export, or the tau-bench retail shop). Safe to repeat."""
    settings = _settings()
    try:
        counts = _import_with_progress(settings, path)
    except BotError as exc:
        raise _fail(exc) from exc
    console.print(f"imported {path}: {counts}")


@app.command()
def outbox(
    to: Annotated[str | None, typer.Option(help="Only mail to this address.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 10,
) -> None:
    """Show the mail kept in development instead of sent (BOT_SMTP_URL unset): one-time codes."""
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.repositories import Outbox

    settings = _settings()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        mails = Outbox(make_sessionmaker(engine)).latest(to, limit)
    except BotError as exc:
        raise _fail(exc) from exc
    finally:
        engine.dispose()
    if not mails:
        console.print("the outbox is empty")
    for mail in mails:
        console.print(f"[bold]{mail.sent_at:%Y-%m-%d %H:%M:%S}[/] to {mail.to}: {mail.subject}")
        console.print(mail.body, markup=False, highlight=False)


@app.command()
def chat(
    json_lines: Annotated[
        bool,
        typer.Option(
            "--json", help="Read one message per stdin line, print one JSON reply per line."
        ),
    ] = False,
    conversation_id: Annotated[str | None, typer.Option(help="Continue this conversation.")] = None,
) -> None:
    """Chat with the assistant in the terminal."""
    from bot.channels.terminal import chat_interactive, chat_json
    from bot.wiring import build_assistant

    settings = _settings()
    if json_lines:
        logging.getLogger().setLevel(logging.WARNING)
    assistant = build_assistant(settings)
    if json_lines:
        chat_json(assistant.orchestrator, sys.stdin, sys.stdout, conversation_id)
    else:
        chat_interactive(assistant.orchestrator, console, conversation_id)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Defaults to BOT_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Defaults to BOT_PORT.")] = None,
) -> None:
    """Start the Chainlit chat app, the copilot widget and the HTTP API."""
    from bot.channels.chainlit_files import prepare_app_root

    settings = _settings()
    root = prepare_app_root(settings)
    target = Path(__file__).parent / "channels" / "chainlit_app.py"
    env = {**os.environ, "CHAINLIT_APP_ROOT": str(root)}
    for name in ("var_dir", "models_dir", "knowledge_dir", "chroma_path"):
        # Chainlit runs from its app root; keep relative paths pointing where the user meant.
        env[f"BOT_{name.upper()}"] = str(getattr(settings, name).resolve())
    env["BOT_DATABASE_URL"] = _absolute_sqlite(settings.database_url)
    if settings.auth_secret is not None:
        # Chainlit signs its own session tokens with this; derived, so one secret is enough.
        env["CHAINLIT_AUTH_SECRET"] = hashlib.sha256(
            b"chainlit:" + settings.auth_secret.get_secret_value().encode()
        ).hexdigest()
    command = [
        sys.executable,
        "-m",
        "chainlit",
        "run",
        str(target),
        "--headless",
        "--host",
        host or settings.host,
        "--port",
        str(port or settings.port),
    ]
    # Become the Chainlit server, so a process manager's signals (honcho, systemd, a test's
    # terminate()) reach it directly instead of leaving an orphan behind.
    sys.stdout.flush()
    os.execve(sys.executable, command, env)


def _absolute_sqlite(url: str) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str(Path(url[len(prefix) :]).resolve())
    return url


def main() -> None:
    """The `bot` command. Expected failures (a bad setting, a missing model, a broken file) print
    one line and exit 1, never a traceback."""
    try:
        app()
    except BotError as exc:
        err.print(f"[bold red]error:[/bold red] {exc}")
        sys.exit(1)


if __name__ == "__main__":
    main()
