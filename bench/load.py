"""Concurrent customer sessions through the real HTTP API (`POST /api/v1/chat`).

Goal: know how many customers one `bot serve` on 2 cores can serve at once, how slow a turn gets
for them (client-side p50/p95/max, requests over 10 s), that no turn is lost under load (every
answered turn is stored), and how much memory the server needs.

    .venv/bin/python bench/load.py [--sessions 1,5,10,20] [--turns 50] [--env KEY=VALUE ...]
    .venv/bin/python bench/load.py --env BOT_LLM_BACKEND=embedded --env BOT_LLM_QUEUE_SIZE=
    .venv/bin/python bench/load.py --transport websocket --sessions 1,5,10 --turns 20

It starts `bot serve` on a free port (the current environment and `.env`, plus the `--env`
overrides; an empty value means "not set", e.g. no queue for the embedded model), waits for
`/healthz` (200 or 503 both mean "up"), answers one probe turn (`time_to_first_turn_s` counts from
process start), then for each N runs N sessions side by side, one thread and one HTTP client
each, of `--turns` turns: a fixed script of a demo-shop customer (small talk, verifying by email,
their own orders, product and policy questions, a few in Chinese, an order change answered "no")
cycled to length. Afterwards it checks in the database (`BOT_DATABASE_URL`) that every
conversation has exactly as many stored turns as it got 200 answers, and reports the server's
peak memory (RSS of the server and its children, from /proc every 0.5 s). The bench's client
threads share the 2 cores with the server. Prints a table, then one JSON line.

`--transport websocket` talks to the chat UI's own socket.io channel instead, as the browser
does (one socket.io client per session, all on one event loop). The browser never learns its
conversation id, so the stored-turn check matches the Chainlit conversations the run created to
the sessions by their counts of answered turns.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import httpx  # noqa: E402
from _server import Server, ServerFailed, add_server_options, parse_env, percentile, shown_env  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.errors import ConfigError  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.store import models as m  # noqa: E402
from bot.store.db import make_engine  # noqa: E402

CLIENT_TIMEOUT_S = 60.0
SLOW_S = 10.0


@dataclass(frozen=True)
class Customer:
    """A demo-shop customer (knowledge/shop/): their email, two of their own orders, and an order
    change they ask for (then answer "no", so nothing changes)."""

    email: str
    orders: tuple[str, str]
    change: str


CUSTOMERS = (
    Customer(
        "sofia.ramirez@example.com",
        ("ORD-10108", "ORD-10035"),
        "please cancel ORD-10121, I ordered it by mistake",
    ),
    Customer(
        "grace.chen@example.com",
        ("ORD-10139", "ORD-10075"),
        "I need to change the shipping address of ORD-10146 to 5 Oak Ave, Oakland, CA 94601",
    ),
    Customer(
        "michael.chen@example.com",
        ("ORD-10147", "ORD-10127"),
        "please cancel ORD-10127, ordered by mistake",
    ),
    Customer(
        "mei.lin@example.com",
        ("ORD-10118", "ORD-10131"),
        "change the payment of ORD-10137 to my amex card ending 0982",
    ),
    Customer(
        "maria.gonzalez@example.com",
        ("ORD-10110", "ORD-10084"),
        "please cancel ORD-10140, I found a better price elsewhere",
    ),
    Customer(
        "jason.liu@example.com",
        ("ORD-10092", "ORD-10029"),
        "can I change the delivery address of ORD-10092 to 5 Oak Ave, Oakland, CA 94601?",
    ),
)

QUESTIONS = (
    "how much does shipping cost?",
    "who pays for return shipping?",
    "can the Aurora Halo headphones connect to two devices at once?",
    "how do I reset the Aurora Pebble earbuds",
    "what does a blinking orange light on the Lumina Smart Plug Mini mean?",
    "how often should I replace the Zephyr Pure 300 filter?",
    "can I ship to a PO box?",
    "which carriers do you use?",
    "if I order before 2pm does it ship today",
    "does the Vireo monitor charge my laptop over USB-C? how many watts?",
    "what is your policy on returning opened earbuds?",
    "do you accept Apple Pay",
)
QUESTIONS_ZH = (
    "退货期限是多久？",
    "退款多久能到账？",
    "你们提供国际配送吗？",
    "满多少包邮",
    "你们接受哪些支付方式？",
    "保修多久",
)


def script(session: int) -> list[str]:
    """The 20 messages of one session's customer; sessions differ in customer and questions."""
    customer = CUSTOMERS[session % len(CUSTOMERS)]
    q = [QUESTIONS[(session + i) % len(QUESTIONS)] for i in range(6)]
    zh = [QUESTIONS_ZH[(session + i) % len(QUESTIONS_ZH)] for i in range(2)]
    first, second = customer.orders
    return [
        "Hi there!",
        "where is my order?",
        customer.email,
        f"what's the status of {first}?",
        q[0],
        q[1],
        f"and when will {second} arrive?",
        "thanks, that helps",
        q[2],
        zh[0],
        "我的订单到哪了",
        customer.change,
        "no",
        q[3],
        f"what's the tracking number for {first}?",
        zh[1],
        q[4],
        "你好",
        q[5],
        "great, that's all for now. bye!",
    ]


def messages(session: int, turns: int) -> list[str]:
    lines = script(session)
    return [lines[i % len(lines)] for i in range(turns)]


@dataclass(frozen=True)
class Result:
    session: int
    latency_s: float
    status: str
    """The HTTP status ("200", "500"), "timeout", a transport error's name, or "bad_body"."""
    conversation_id: str | None
    """The conversation the request was for (the id sent, or the one a first turn was given)."""
    handoff: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "200"


def send(
    client: httpx.Client, session: int, message: str, conversation: tuple[str, str] | None
) -> tuple[Result, tuple[str, str] | None]:
    """One turn; returns its result and the conversation (id, token) to continue with."""
    body: dict[str, str] = {"message": message}
    if conversation is not None:
        body["conversation_id"], body["conversation_token"] = conversation
    started = time.perf_counter()
    try:
        response = client.post("/api/v1/chat", json=body)
        status = str(response.status_code)
    except httpx.TimeoutException:
        response, status = None, "timeout"
    except httpx.HTTPError as exc:
        response, status = None, type(exc).__name__
    latency = time.perf_counter() - started
    conversation_id = conversation[0] if conversation else None
    if response is None or response.status_code != 200:
        return Result(session, latency, status, conversation_id), conversation
    try:
        data: dict[str, Any] = response.json()
        following = (str(data["conversation_id"]), str(data["conversation_token"]))
    except (ValueError, KeyError, TypeError):
        return Result(session, latency, "bad_body", conversation_id), conversation
    return Result(session, latency, status, following[0], bool(data.get("handoff"))), following


def run_session(base_url: str, session: int, turns: int, start: threading.Barrier) -> list[Result]:
    results: list[Result] = []
    conversation: tuple[str, str] | None = None
    with httpx.Client(base_url=base_url, timeout=CLIENT_TIMEOUT_S) as client:
        start.wait(timeout=120)
        for message in messages(session, turns):
            result, conversation = send(client, session, message, conversation)
            results.append(result)
    return results


def run_load(base_url: str, sessions: int, turns: int) -> tuple[list[Result], float, float]:
    """N sessions side by side; their results, and the perf_counter span they ran in."""
    began: list[float] = []
    start = threading.Barrier(sessions, action=lambda: began.append(time.perf_counter()))
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        futures = [pool.submit(run_session, base_url, n, turns, start) for n in range(sessions)]
        results = [r for f in futures for r in f.result()]
    return results, began[0], time.perf_counter()


async def websocket_session(base_url: str, session: int, turns: int) -> list[Result]:
    """One customer over the chat UI's socket.io channel; a turn's latency runs from sending the
    message to the assistant's reply (the greeting on connect is not counted)."""
    import socketio

    replies: asyncio.Queue[str] = asyncio.Queue()
    client = socketio.AsyncClient()
    label = f"ws-{session}"

    @client.on("new_message")  # type: ignore[untyped-decorator,misc]
    async def on_new_message(step: dict[str, Any]) -> None:
        if step.get("type") == "assistant_message":
            await replies.put(str(step.get("output", "")))

    results: list[Result] = []
    try:
        await client.connect(
            base_url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            auth={
                "clientType": "webapp",
                "sessionId": str(uuid.uuid4()),
                "threadId": None,
                "userEnv": "{}",
            },
        )
        await client.emit("connection_successful")
        await asyncio.wait_for(replies.get(), timeout=CLIENT_TIMEOUT_S)  # the greeting
    except (TimeoutError, socketio.exceptions.SocketIOError) as exc:
        await client.disconnect()
        return [Result(session, 0.0, type(exc).__name__, None)] * turns
    try:
        for message in messages(session, turns):
            step = {
                "id": str(uuid.uuid4()),
                "type": "user_message",
                "output": message,
                "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "name": "User",
            }
            started = time.perf_counter()
            await client.emit("client_message", {"message": step, "fileReferences": []})
            try:
                await asyncio.wait_for(replies.get(), timeout=CLIENT_TIMEOUT_S)
                status = "200"
            except TimeoutError:
                status = "timeout"
            results.append(Result(session, time.perf_counter() - started, status, label))
    finally:
        await client.disconnect()
    return results


def run_websocket_load(
    base_url: str, sessions: int, turns: int
) -> tuple[list[Result], float, float]:
    """N socket.io sessions side by side on one event loop."""

    async def run_all() -> list[list[Result]]:
        return await asyncio.gather(
            *(websocket_session(base_url, n, turns) for n in range(sessions))
        )

    began = time.perf_counter()
    results = [r for one in asyncio.run(run_all()) for r in one]
    return results, began, time.perf_counter()


def chainlit_conversations(database_url: str) -> dict[str, int]:
    """Stored turns of every conversation held by the chat UI's channel."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            query = (
                select(m.Conversation.id, func.count(m.TurnRow.id))
                .outerjoin(m.TurnRow, m.TurnRow.conversation_id == m.Conversation.id)
                .where(m.Conversation.channel == "chainlit")
                .group_by(m.Conversation.id)
            )
            return {str(cid): int(n) for cid, n in connection.execute(query)}
    finally:
        engine.dispose()


def check_stored_websocket(
    results: list[Result], before: dict[str, int], after: dict[str, int]
) -> dict[str, Any]:
    """The conversations the run created must hold, as a multiset, the sessions' counts of
    answered turns: every answered turn stored, and none stored that was not answered."""
    answered = Counter(r.conversation_id for r in results if r.ok)
    expected = sorted(answered[label] for label in {r.conversation_id for r in results})
    created = sorted(n for cid, n in after.items() if cid not in before)
    created += [0] * (len(expected) - len(created))
    expected += [0] * (len(created) - len(expected))
    missing = sum(max(0, e - c) for e, c in zip(expected, created, strict=True))
    extra = sum(max(0, c - e) for e, c in zip(expected, created, strict=True))
    return {
        "conversations": len([cid for cid in after if cid not in before]),
        "stored_ok": missing == 0 and extra == 0,
        "missing": missing,
        "extra": extra,
    }


def stored_turns(database_url: str, conversation_ids: Iterable[str]) -> dict[str, int]:
    """Stored turns per conversation, from the `turns` table."""
    ids = sorted(set(conversation_ids))
    engine = make_engine(database_url)
    counts: dict[str, int] = {}
    try:
        with engine.connect() as connection:
            for at in range(0, len(ids), 500):
                query = (
                    select(m.TurnRow.conversation_id, func.count())
                    .where(m.TurnRow.conversation_id.in_(ids[at : at + 500]))
                    .group_by(m.TurnRow.conversation_id)
                )
                counts.update({str(cid): int(n) for cid, n in connection.execute(query)})
    finally:
        engine.dispose()
    return counts


def check_stored(results: list[Result], stored: dict[str, int]) -> dict[str, Any]:
    """Every conversation must hold exactly as many turns as it got 200 answers. `extra` are
    stored turns whose request the client gave up on (a timeout): the server still finished."""
    answered = Counter(r.conversation_id for r in results if r.ok and r.conversation_id)
    used = {r.conversation_id for r in results if r.conversation_id}
    missing = sum(max(0, answered[c] - stored.get(c, 0)) for c in used)
    extra = sum(max(0, stored.get(c, 0) - answered[c]) for c in used)
    return {
        "conversations": len(used),
        "stored_ok": missing == 0 and extra == 0,
        "missing": missing,
        "extra": extra,
    }


def summarise(
    sessions: int, results: list[Result], began: float, ended: float, server: Server
) -> dict[str, Any]:
    latencies = [r.latency_s for r in results if r.ok]
    wall = ended - began
    assert server.sampler is not None
    return {
        "sessions": sessions,
        "turns": len(results),
        "ok": len(latencies),
        "wall_s": round(wall, 2),
        "turns_per_s": round(len(latencies) / wall, 2) if wall > 0 else None,
        "p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "p95_s": round(percentile(latencies, 0.95), 3) if latencies else None,
        "max_s": round(max(latencies), 3) if latencies else None,
        "over_10s": sum(1 for r in results if r.latency_s > SLOW_S),
        "http_errors": sum(1 for r in results if r.status.isdigit() and not r.ok),
        "timeouts": sum(1 for r in results if r.status == "timeout"),
        "other_errors": sum(  # transport errors, unreadable bodies
            1 for r in results if not r.status.isdigit() and r.status != "timeout"
        ),
        "statuses": dict(Counter(r.status for r in results if not r.ok)),
        "handoffs": sum(1 for r in results if r.handoff),
        "peak_rss_mb": server.sampler.peak_mb(began, ended),
    }


COLUMNS = (
    ("sessions", "sessions", 8),
    ("turns", "turns", 6),
    ("ok", "ok", 6),
    ("wall_s", "wall s", 8),
    ("turns_per_s", "turns/s", 8),
    ("p50_s", "p50 s", 7),
    ("p95_s", "p95 s", 7),
    ("max_s", "max s", 7),
    ("over_10s", ">10 s", 6),
    ("http_errors", "http err", 8),
    ("timeouts", "timeouts", 8),
    ("other_errors", "other err", 9),
    ("handoffs", "handoffs", 8),
    ("peak_rss_mb", "peak MB", 8),
    ("stored_ok", "stored", 7),
    ("missing", "missing", 7),
)


def table(rows: list[dict[str, Any]]) -> str:
    def cell(value: object) -> str:
        if value is None:
            return "-"
        if isinstance(value, bool):
            return "ok" if value else "NO"
        return str(value)

    lines = [" ".join(title.rjust(width) for _, title, width in COLUMNS)]
    for row in rows:
        lines.append(" ".join(cell(row.get(key)).rjust(width) for key, _, width in COLUMNS))
    return "\n".join(lines)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", default="1,5,10,20", help="comma-separated counts of concurrent sessions"
    )
    parser.add_argument("--turns", type=int, default=50, help="turns per session")
    parser.add_argument(
        "--transport",
        choices=("http", "websocket"),
        default="http",
        help="the JSON API, or the chat UI's socket.io channel",
    )
    add_server_options(parser)
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",") if n.strip()]
    if not counts or min(counts) < 1 or args.turns < 1:
        raise SystemExit("--sessions wants positive counts, e.g. 1,5,10,20; --turns at least 1")
    overrides = parse_env(args.env)
    os.environ.update(overrides)  # so this process reads the same database as the server
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise SystemExit(f"error: {exc}") from None

    report: dict[str, Any] = {
        "bench": "load",
        "env": shown_env(overrides),
        "llm_backend": settings.llm_backend,
        "turns_per_session": args.turns,
        "transport": args.transport,
    }
    server = Server(overrides, port=args.port)
    progress(f"starting bot serve on {server.base_url} (log: {server.log_path})")
    server.start()
    runs: list[dict[str, Any]] = []
    run_results: list[list[Result]] = []
    all_results: list[Result] = []
    try:
        status, health = server.wait_up()
        report["healthz_s"] = round(server.elapsed(), 2)
        report["healthz_status"] = status
        report["healthz"] = health
        progress(f"/healthz answered {status} after {report['healthz_s']} s")
        with httpx.Client(base_url=server.base_url, timeout=600.0) as client:
            first, _ = send(client, -1, "Hi, I have a question about my order", None)
        all_results.append(first)
        report["time_to_first_turn_s"] = round(server.elapsed(), 2) if first.ok else None
        report["first_turn"] = {"status": first.status, "latency_s": round(first.latency_s, 3)}
        assert server.sampler is not None
        server.sampler.sample()
        report["rss_after_first_turn_mb"] = server.sampler.latest_mb()
        progress(f"first turn: {first.status} after {server.elapsed():.2f} s")
        for sessions in counts:
            progress(f"{sessions} session(s) x {args.turns} turns over {args.transport} ...")
            if args.transport == "websocket":
                before = chainlit_conversations(settings.database_url)
                results, began, ended = run_websocket_load(server.base_url, sessions, args.turns)
                after = chainlit_conversations(settings.database_url)
                runs.append(summarise(sessions, results, began, ended, server))
                runs[-1].update(check_stored_websocket(results, before, after))
            else:
                results, began, ended = run_load(server.base_url, sessions, args.turns)
                all_results.extend(results)
                run_results.append(results)
                runs.append(summarise(sessions, results, began, ended, server))
            progress(
                f"  {runs[-1]['ok']}/{runs[-1]['turns']} ok in {runs[-1]['wall_s']} s, "
                f"p95 {runs[-1]['p95_s']} s"
            )
        stored = stored_turns(
            settings.database_url, (r.conversation_id for r in all_results if r.conversation_id)
        )
        http_runs = [run for run in runs if "stored_ok" not in run]
        for run, results in zip(http_runs, run_results, strict=True):
            run.update(check_stored(results, stored))
        report.update(check_stored(all_results, stored))
        if args.transport == "websocket":
            report["stored_ok"] = all(run["stored_ok"] for run in runs)
            report["missing"] = sum(run["missing"] for run in runs)
            report["extra"] = sum(run["extra"] for run in runs)
    except ServerFailed as exc:
        report["error"] = str(exc)
    finally:
        report["server_exit_code"] = server.stop()
    assert server.sampler is not None
    report["peak_rss_mb"] = server.sampler.peak_mb()
    report["vmhwm_mb"] = server.sampler.hwm_mb()
    report["runs"] = runs
    report["server_log"] = str(server.log_path)

    print(
        f"bot serve, llm_backend={settings.llm_backend}, env {report['env'] or '{}'}: "
        f"/healthz after {report.get('healthz_s')} s, first turn answered "
        f"{report.get('time_to_first_turn_s')} s after start"
    )
    print(table(runs))
    print(
        f"peak RSS {report['peak_rss_mb']} MB sampled, VmHWM {report['vmhwm_mb']} MB; "
        f"stored turns: {'all there' if report.get('stored_ok') else 'NOT all there'} "
        f"(missing {report.get('missing')}, extra {report.get('extra')})"
    )
    if "error" in report:
        print(f"error: {report['error']}", file=sys.stderr)
    print(json.dumps(report, ensure_ascii=False))
    if "error" in report:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
