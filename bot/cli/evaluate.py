"""`bot eval nlu|retrieval|generator`: measure each model beside its baseline, in one run."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from bot.cli.common import (
    cli_settings,
    console,
    err,
    eval_app,
    fail,
    step_progress,
)
from bot.cli.train import PAIRS_DATE
from bot.errors import BotError, ConfigError
from bot.understanding.entities import extract_entities


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

    settings = cli_settings()
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
        raise fail(exc) from exc
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
    print_nlu_table(report)
    console.print(f"latency per turn (ms): {latency}")


def print_nlu_table(report: dict[str, dict[str, Any]]) -> None:
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


@eval_app.command("retrieval")
def eval_retrieval(
    file: Annotated[Path, typer.Argument(help="JSONL rows {question, gold}.")],
) -> None:
    """Recall@1/5/10, MRR and latency of vector, BM25 and hybrid search, as JSON."""
    from bot.retrieval.evaluation import evaluate, load_questions
    from bot.wiring import searcher

    settings = cli_settings()
    logging.getLogger().setLevel(logging.WARNING)
    try:
        questions = load_questions(file)
        search = searcher(settings)
        search.warm_up()
    except BotError as exc:
        raise fail(exc) from exc
    report = {
        "file": str(file),
        "questions": len(questions),
        "vector": evaluate(search, questions, "vector"),
        "bm25": evaluate(search, questions, "bm25"),
        "hybrid": evaluate(search, questions, "hybrid"),
    }
    sys.stdout.write(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


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

    settings = cli_settings()
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
            with step_progress(f"replying to held-out pairs ({label})", on=err) as report:
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
        raise fail(exc) from exc
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


@eval_app.command("tau")
def eval_tau(
    tasks_file: Annotated[
        Path,
        typer.Argument(help="tau-bench retail tasks, JSONL (data/tau_retail/tasks_train.jsonl)."),
    ],
    first: Annotated[int, typer.Option(help="Play only the first N tasks (0: all).")] = 0,
    workers: Annotated[int, typer.Option(min=1, help="Tasks played side by side.")] = 2,
    seed: Annotated[int, typer.Option(help="Chooses the customer's wording.")] = 0,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write every task's result here.")
    ] = None,
) -> None:
    """Play each task with a scripted customer over the chat API, on a fresh copy of the tau
    shop, and grade it by the shop's data afterwards: the expected changes, and nothing else."""
    from bot.testing.runner import ConversationRunner
    from bot.testing.tau import TaskResult, evaluate, read_tasks

    settings = cli_settings().model_copy(update={"llm_backend": "template"})
    logging.getLogger().setLevel(logging.ERROR)  # (the tau shop has no documents to search)
    try:
        tasks = read_tasks(tasks_file)[: first or None]
    except BotError as exc:
        raise fail(exc) from exc
    runner = ConversationRunner(settings, workers=workers)
    try:
        with step_progress("tau tasks", on=err) as report:
            done: list[TaskResult] = []

            def progressed(result: TaskResult) -> None:
                done.append(result)
                report(len(done), len(tasks))

            results = evaluate(tasks, runner, workers=workers, seed=seed, on_result=progressed)
    except BotError as exc:
        raise fail(exc) from exc
    finally:
        runner.close()
    supported = results.supported
    table = Table(title=f"tau tasks: {tasks_file.name}")
    for column in ("tasks", "passed", "success", "turns/task", "s/task"):
        table.add_column(column, justify="right" if column != "tasks" else "left")
    rows = (
        ("all", results.results),
        ("supported actions", supported),
        ("supported, within the policy", results.valid),
    )
    for label, chosen in rows:
        if not chosen:
            continue
        table.add_row(
            f"{label} ({len(chosen)})",
            str(sum(r.passed for r in chosen)),
            f"{results.success_rate(chosen):.3f}",
            f"{sum(r.turns for r in chosen) / len(chosen):.1f}",
            f"{sum(r.seconds for r in chosen) / len(chosen):.1f}",
        )
    console.print(table)
    taxonomy = Table(title="failures by first blocking error")
    taxonomy.add_column("error")
    taxonomy.add_column("tasks", justify="right")
    for failure, count in results.taxonomy().most_common():
        taxonomy.add_row(escape(failure), str(count))
    console.print(taxonomy)
    if json_out is not None:
        json_out.write_text(
            json.dumps(
                [
                    {
                        "task": r.task.index,
                        "passed": r.passed,
                        "failure": r.failure,
                        "differs": r.differs,
                        "turns": r.turns,
                        "seconds": round(r.seconds, 2),
                        "transcript": r.transcript,
                    }
                    for r in results.results
                ],
                indent=1,
                ensure_ascii=False,
            )
            + "\n"
        )
