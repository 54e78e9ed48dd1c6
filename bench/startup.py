"""Start-up time and peak memory of `bot serve`, from process start to the first answered turn.

Memory is the server's peak RSS once all models are loaded and a few turns are answered.

Goal: know how long a (re)started server keeps customers waiting, and how much memory one server
needs with templates and with the embedded reply model, e.g. to size a machine or count workers:

    .venv/bin/python bench/startup.py [--runs 3]
    .venv/bin/python bench/startup.py --env BOT_LLM_BACKEND=embedded [--runs 3]

Each run starts `bot serve` on a free port (the current environment and `.env`, plus the `--env`
overrides), waits for `/healthz` (200 or 503 both mean "up"), then asks one knowledge question
(its answer is the first turn: `first_turn_s` counts from process start) and one order question,
verified by email in a second conversation. Memory is the RSS of the server and its children,
sampled from /proc every 0.5 s, and the kernel's VmHWM high-water mark. The first run may read
the model files from disk, later ones from the page cache. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import httpx  # noqa: E402
from _server import Server, ServerFailed, add_server_options, parse_env, shown_env  # noqa: E402

from bot.errors import ConfigError  # noqa: E402
from bot.settings import load_settings  # noqa: E402

KNOWLEDGE_QUESTION = "how much does shipping cost?"
ORDER_QUESTION = ("where is my order ORD-10092?", "jason.liu@example.com")
"""Jason Liu's shipped order in the demo shop, then his email to verify."""


def chat(
    client: httpx.Client, message: str, conversation: tuple[str, str] | None = None
) -> tuple[dict[str, Any], tuple[str, str] | None]:
    """One turn: a row for the report (status, latency, intent, citations) and the conversation."""
    body = {"message": message}
    if conversation is not None:
        body["conversation_id"], body["conversation_token"] = conversation
    started = time.perf_counter()
    try:
        response = client.post("/api/v1/chat", json=body)
    except httpx.HTTPError as exc:
        return {"status": type(exc).__name__, "latency_s": None}, conversation
    row: dict[str, Any] = {
        "status": response.status_code,
        "latency_s": round(time.perf_counter() - started, 3),
    }
    if response.status_code != 200:
        return row, conversation
    data = response.json()
    row["intent"] = data.get("intent")
    row["citations"] = len(data.get("citations") or [])
    return row, (str(data["conversation_id"]), str(data["conversation_token"]))


def one_run(overrides: dict[str, str], port: int) -> dict[str, Any]:
    server = Server(overrides, port=port)
    print(f"starting bot serve on {server.base_url} (log: {server.log_path})", file=sys.stderr)
    server.start()
    assert server.sampler is not None
    run: dict[str, Any] = {"server_log": str(server.log_path)}
    try:
        status, health = server.wait_up()
        run["healthz_s"] = round(server.elapsed(), 2)
        run["healthz_status"] = status
        run["healthz"] = health
        server.sampler.sample()
        run["rss_at_healthz_mb"] = server.sampler.latest_mb()
        with httpx.Client(base_url=server.base_url, timeout=600.0) as client:
            knowledge, _ = chat(client, KNOWLEDGE_QUESTION)
            run["first_turn_s"] = round(server.elapsed(), 2) if knowledge["status"] == 200 else None
            order, conversation = chat(client, ORDER_QUESTION[0])
            verified, _ = chat(client, ORDER_QUESTION[1], conversation)
        run["turns"] = {"knowledge": knowledge, "order": order, "order_after_email": verified}
        server.sampler.sample()
        run["rss_after_turns_mb"] = server.sampler.latest_mb()
    except ServerFailed as exc:
        run["error"] = str(exc)
    finally:
        run["server_exit_code"] = server.stop()
    run["peak_rss_mb"] = server.sampler.peak_mb()
    run["vmhwm_mb"] = server.sampler.hwm_mb()
    return run


def median(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if isinstance(r.get(key), int | float)]
    return round(statistics.median(values), 2) if values else None


def table(runs: list[dict[str, Any]]) -> str:
    columns = (
        ("healthz_s", "healthz s"),
        ("first_turn_s", "1st turn s"),
        ("knowledge_s", "knowl. s"),
        ("order_s", "order s"),
        ("email_s", "email s"),
        ("rss_at_healthz_mb", "MB at up"),
        ("rss_after_turns_mb", "MB after"),
        ("peak_rss_mb", "peak MB"),
        ("vmhwm_mb", "VmHWM MB"),
    )
    lines = ["run " + " ".join(f"{title:>11}" for _, title in columns)]
    for n, run in enumerate(runs, 1):
        turns = run.get("turns", {})
        cells = {
            **run,
            "knowledge_s": turns.get("knowledge", {}).get("latency_s"),
            "order_s": turns.get("order", {}).get("latency_s"),
            "email_s": turns.get("order_after_email", {}).get("latency_s"),
        }
        values = ("-" if cells.get(key) is None else str(cells[key]) for key, _ in columns)
        lines.append(f"{n:>3} " + " ".join(f"{v:>11}" for v in values))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_server_options(parser)
    parser.add_argument("--runs", type=int, default=1, help="cold starts, one after another")
    args = parser.parse_args()
    overrides = parse_env(args.env)
    os.environ.update(overrides)
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise SystemExit(f"error: {exc}") from None
    runs = [one_run(overrides, args.port) for _ in range(max(1, args.runs))]
    report: dict[str, Any] = {
        "bench": "startup",
        "env": shown_env(overrides),
        "llm_backend": settings.llm_backend,
        "threads": settings.torch_threads,
        "healthz_s_p50": median(runs, "healthz_s"),
        "first_turn_s_p50": median(runs, "first_turn_s"),
        "peak_rss_mb_max": max((r["peak_rss_mb"] or 0 for r in runs), default=None),
        "vmhwm_mb_max": max((r["vmhwm_mb"] or 0 for r in runs), default=None),
        "runs": runs,
    }
    print(
        f"bot serve, llm_backend={settings.llm_backend}, env {report['env'] or '{}'}: "
        f"first turn answered {report['first_turn_s_p50']} s after start (median of "
        f"{len(runs)}), peak RSS {report['peak_rss_mb_max']} MB"
    )
    print(table(runs))
    errors = [r["error"] for r in runs if "error" in r]
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    print(json.dumps(report, ensure_ascii=False))
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
