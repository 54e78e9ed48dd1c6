"""Property-based tests (hypothesis) over the API and the orchestrator: any Unicode (lone
surrogates, combining marks, right-to-left text, emoji), control characters, null bytes, and JSON
of the wrong shape. The API answers 4xx with a reason or a clear reply, never 500; the assistant
never raises; nothing broken is stored. Derandomized, so every run tries the same inputs."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.api import make_router
from bot.store import models as m
from bot.wiring import Assistant

ANY_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), min_size=0, max_size=300
)
"""Every code point, lone surrogates and control characters included."""
ODD_TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        ["\u202ewhere is my order\u202c", "e\u0301" * 200, "🧑‍🤝‍🧑" * 100, "\x00" * 10]
    ),
    st.builds(lambda a, b: f"{a} ORD-20001 {b}", ANY_TEXT, ANY_TEXT),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=False)  # JSON has neither
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
PROPERTY = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def api(assistant: Assistant) -> TestClient:
    app = FastAPI()
    app.include_router(make_router(assistant.orchestrator, assistant.conversations))
    return TestClient(app, raise_server_exceptions=False)


@PROPERTY
@given(message=ODD_TEXT)
def test_any_text_gets_a_reply_and_only_valid_text_is_stored(
    assistant: Assistant, message: str
) -> None:
    body = json.dumps({"message": message})  # lone surrogates travel as JSON escapes
    response = api(assistant).post(
        "/api/v1/chat", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["reply"].strip()
    assert "something went wrong" not in response.json()["reply"].lower()
    with assistant.sessions() as session:
        for row in session.query(m.TurnRow):
            row.user_text.encode("utf-8")
            row.reply_text.encode("utf-8")
            assert "\x00" not in row.user_text


@PROPERTY
@given(
    body=st.dictionaries(
        st.sampled_from(["message", "conversation_id", "conversation_token", "proposal_id", "x"]),
        JSON_VALUES,
        max_size=4,
    )
    | JSON_VALUES
)
def test_json_of_the_wrong_shape_is_a_4xx_never_a_500(assistant: Assistant, body: object) -> None:
    response = api(assistant).post("/api/v1/chat", json=body)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.json()["detail"]


@PROPERTY
@given(raw=st.binary(max_size=200))
def test_bytes_that_are_not_json_are_a_4xx(assistant: Assistant, raw: bytes) -> None:
    response = api(assistant).post(
        "/api/v1/chat", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code < 500


@PROPERTY
@given(messages=st.lists(ODD_TEXT, min_size=1, max_size=4))
def test_the_assistant_never_raises_and_always_answers(
    assistant: Assistant, messages: list[str]
) -> None:
    for text in ["ann.lee@example.com", *messages, "yes"]:
        turn = assistant.orchestrator.handle(text, conversation_id="property")
        assert turn.reply is not None and turn.reply.text.strip()
        assert turn.reply.kind != "failure", turn.trace.to_json()  # no stage crashed
        turn.reply.text.encode("utf-8")
