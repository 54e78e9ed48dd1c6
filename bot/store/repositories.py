"""Queries the stages need, returning plain records from `bot.domain`, never ORM rows."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot import domain as d
from bot.errors import StoreError
from bot.store import models as m


def _customer(row: m.Customer) -> d.Customer:
    return d.Customer(
        id=d.CustomerId(row.id), first_name=row.first_name, last_name=row.last_name, email=row.email
    )


def order_record(row: m.Order) -> d.Order:
    return d.Order(
        id=d.OrderId(row.id),
        customer_id=d.CustomerId(row.customer_id),
        status=row.status,
        placed_at=row.placed_at,
        shipping_method=row.shipping_method,
        total_cents=row.total_cents,
        ship_city=row.ship_city,
        ship_state=row.ship_state,
        ship_zip=row.ship_zip,
        items=tuple(
            d.OrderItem(
                sku=i.sku,
                product_id=i.product_id,
                name=i.name,
                options={k: str(v) for k, v in (i.options or {}).items()},
                quantity=i.quantity,
                unit_price_cents=i.unit_price_cents,
            )
            for i in row.items
        ),
        shipments=tuple(
            d.Shipment(
                carrier=s.carrier,
                tracking_number=s.tracking_number,
                shipped_at=s.shipped_at,
                estimated_delivery=s.estimated_delivery,
                delivered_at=s.delivered_at,
                skus=tuple(s.skus or ()),
            )
            for s in row.shipments
        ),
        refunds=tuple(
            d.Refund(
                amount_cents=r.amount_cents,
                status=r.status,
                created_at=r.created_at,
                payment_method=r.payment_method_id,
            )
            for r in row.refunds
        ),
        payment_method_id=row.payment_method_id,
        ship_line1=row.ship_line1,
        ship_country=row.ship_country,
    )


class CustomerRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, customer_id: str) -> d.Customer | None:
        with self._sessions() as session:
            row = session.get(m.Customer, customer_id)
            return _customer(row) if row else None

    def by_email(self, email: str) -> d.Customer | None:
        with self._sessions() as session:
            row = session.scalars(
                select(m.Customer).where(func.lower(m.Customer.email) == email.strip().lower())
            ).first()
            return _customer(row) if row else None

    def by_name_and_zip(self, first_name: str, last_name: str, zip_code: str) -> d.Customer | None:
        """The one customer with this name and an address in this zip, or None (also if several)."""
        with self._sessions() as session:
            rows = session.scalars(
                select(m.Customer)
                .join(m.Address)
                .where(
                    func.lower(m.Customer.first_name) == first_name.strip().lower(),
                    func.lower(m.Customer.last_name) == last_name.strip().lower(),
                    m.Address.zip == zip_code.strip(),
                )
                .distinct()
            ).all()
            return _customer(rows[0]) if len(rows) == 1 else None


class OrderRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get_for_customer(self, order_id: str, customer_id: str) -> d.Order | None:
        """The order only if it belongs to this customer: other customers' orders do not exist here."""
        with self._sessions() as session:
            row = session.scalars(
                select(m.Order)
                .where(m.Order.id == order_id, m.Order.customer_id == customer_id)
                .options(
                    selectinload(m.Order.items),
                    selectinload(m.Order.shipments),
                    selectinload(m.Order.refunds),
                )
            ).first()
            return order_record(row) if row else None

    def list_for_customer(self, customer_id: str, limit: int = 10) -> list[d.OrderSummary]:
        """Newest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(m.Order)
                .where(m.Order.customer_id == customer_id)
                .options(selectinload(m.Order.items))
                .order_by(m.Order.placed_at.desc(), m.Order.id.desc())
                .limit(limit)
            ).all()
            return [
                d.OrderSummary(
                    id=d.OrderId(r.id),
                    status=r.status,
                    placed_at=r.placed_at,
                    total_cents=r.total_cents,
                    item_names=tuple(i.name for i in r.items),
                )
                for r in rows
            ]


class CatalogRepository:
    def __init__(self, sessions: sessionmaker[Session], *, max_age_s: float = 60.0) -> None:
        self._sessions = sessions
        self._max_age_s = max_age_s
        self._terms: d.CatalogTerms | None = None
        self._read_at = -math.inf

    def terms(self) -> d.CatalogTerms:
        """The catalog's names, read again at most every `max_age_s` seconds: every turn asks,
        and an import while serving is picked up within that time. The same object is returned
        until then, so callers can tell when it changed."""
        now = time.monotonic()
        if self._terms is None or now - self._read_at > self._max_age_s:
            self._terms = self._read_terms()
            self._read_at = now
        return self._terms

    def _read_terms(self) -> d.CatalogTerms:
        with self._sessions() as session:
            brands = {b.id: b.name for b in session.scalars(select(m.Brand))}
            categories = {c.id: c.name for c in session.scalars(select(m.Category))}
            products = tuple(
                d.ProductTerm(
                    id=p.id,
                    name=p.name,
                    brand=brands.get(p.brand_id or ""),
                    category=categories.get(p.category_id or ""),
                    brand_id=p.brand_id,
                    category_id=p.category_id,
                    options=tuple(
                        sorted(
                            {(str(k), str(v)) for var in p.variants for k, v in var.options.items()}
                        )
                    ),
                )
                for p in session.scalars(
                    select(m.Product)
                    .options(selectinload(m.Product.variants))
                    .order_by(m.Product.id)
                )
            )
            options = sorted(
                {
                    (str(key), str(value))
                    for variant_options in session.scalars(select(m.Variant.options))
                    for key, value in (variant_options or {}).items()
                }
            )
            return d.CatalogTerms(
                products=products,
                brands=tuple(sorted(brands.items())),
                categories=tuple(sorted(categories.items())),
                option_values=tuple(options),
            )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _locked_conversation(session: Session, conversation_id: str, channel: str) -> m.Conversation:
    """The conversation row, locked for this transaction; created on its first turn."""
    conversation = session.get(m.Conversation, conversation_id, with_for_update=True)
    if conversation is None:
        conversation = m.Conversation(id=conversation_id, channel=channel, state={})
        session.add(conversation)
        session.flush()
    return conversation


class IdentityAttempts:
    """Identity attempts, for the lockout (per claimed email or name, and per client address)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self, claim: str, *, client: str | None, conversation_id: str, succeeded: bool, at: datetime
    ) -> None:
        try:
            with self._sessions.begin() as session:
                session.add(
                    m.IdentityAttempt(
                        claim=claim[:200],
                        client=client,
                        conversation_id=conversation_id,
                        succeeded=succeeded,
                        at=at.replace(tzinfo=None),
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(
                f"could not record an identity attempt: {exc.__class__.__name__}"
            ) from exc

    def failures(
        self, *, claim: str | None = None, client: str | None = None, since: datetime
    ) -> int:
        """Failed attempts since `since` for this claim, or from this client."""
        column, value = (
            (m.IdentityAttempt.claim, claim) if claim else (m.IdentityAttempt.client, client)
        )
        if value is None:
            return 0
        with self._sessions() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(m.IdentityAttempt)
                    .where(
                        column == value,
                        m.IdentityAttempt.succeeded.is_(False),
                        m.IdentityAttempt.at >= since.replace(tzinfo=None),
                    )
                )
                or 0
            )


class OneTimeCodes:
    """Codes mailed to customers before a change. Only a salted hash of each code is stored."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def issue(
        self, customer_id: str, conversation_id: str, *, at: datetime, valid_for: timedelta
    ) -> str:
        """A new code for this conversation; the ones issued before it there stop working."""
        code = f"{secrets.randbelow(1_000_000):06d}"
        salt = secrets.token_hex(16)
        now = at.replace(tzinfo=None)
        with self._sessions.begin() as session:
            for row in session.scalars(
                select(m.OneTimeCode).where(
                    m.OneTimeCode.conversation_id == conversation_id,
                    m.OneTimeCode.used_at.is_(None),
                )
            ):
                row.used_at = now
            session.add(
                m.OneTimeCode(
                    customer_id=customer_id,
                    conversation_id=conversation_id,
                    code_hash=_code_hash(code, salt),
                    salt=salt,
                    created_at=now,
                    expires_at=now + valid_for,
                )
            )
        return code

    def redeem(
        self, customer_id: str, conversation_id: str, code: str, *, at: datetime
    ) -> Literal["right", "wrong", "expired"]:
        """Use the conversation's live code if `code` is it: `right` (used up now), `wrong`, or
        `expired` (no live code: none was sent, it timed out, or it was used)."""
        now = at.replace(tzinfo=None)
        with self._sessions.begin() as session:
            row = session.scalars(
                select(m.OneTimeCode)
                .where(
                    m.OneTimeCode.conversation_id == conversation_id,
                    m.OneTimeCode.customer_id == customer_id,
                    m.OneTimeCode.used_at.is_(None),
                    m.OneTimeCode.expires_at > now,
                )
                .order_by(m.OneTimeCode.id.desc())
            ).first()
            if row is None:
                return "expired"
            if not hmac.compare_digest(row.code_hash, _code_hash(code, row.salt)):
                return "wrong"
            row.used_at = now
            return "right"

    def sent_since(self, customer_id: str, since: datetime) -> int:
        with self._sessions() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(m.OneTimeCode)
                    .where(
                        m.OneTimeCode.customer_id == customer_id,
                        m.OneTimeCode.created_at >= since.replace(tzinfo=None),
                    )
                )
                or 0
            )


def _code_hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


class Outbox:
    """The development mailer's sent mail, newest first, for the developer and the console."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, to: str, subject: str, body: str, *, at: datetime) -> None:
        with self._sessions.begin() as session:
            session.add(
                m.OutboxMessage(
                    to_address=to, subject=subject, body=body, created_at=at.replace(tzinfo=None)
                )
            )

    def latest(self, to: str | None = None, limit: int = 20) -> list[d.Mail]:
        query = select(m.OutboxMessage).order_by(m.OutboxMessage.id.desc()).limit(limit)
        if to is not None:
            query = query.where(m.OutboxMessage.to_address == to)
        with self._sessions() as session:
            return [
                d.Mail(to=r.to_address, subject=r.subject, body=r.body, sent_at=r.created_at)
                for r in session.scalars(query)
            ]


class ConversationRepository:
    """Conversations, their dialogue state, and every turn with its trace."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def load_state(self, conversation_id: str) -> dict[str, Any] | None:
        with self._sessions() as session:
            row = session.get(m.Conversation, conversation_id)
            return dict(row.state or {}) if row else None

    def open(self, channel: str) -> tuple[str, str]:
        """A new conversation, and the secret that continues it. Only the secret's hash is
        stored; the id alone lets nobody in."""
        conversation_id, token = uuid.uuid4().hex, secrets.token_urlsafe(24)
        try:
            with self._sessions.begin() as session:
                session.add(
                    m.Conversation(
                        id=conversation_id, channel=channel, state={}, token_hash=_digest(token)
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"could not open a conversation: {exc.__class__.__name__}") from exc
        return conversation_id, token

    def holds(self, conversation_id: str, token: str | None) -> bool:
        """Whether `token` is the secret of this conversation (False for an unknown id)."""
        if not token:
            return False
        with self._sessions() as session:
            stored = session.scalar(
                select(m.Conversation.token_hash).where(m.Conversation.id == conversation_id)
            )
        return stored is not None and hmac.compare_digest(stored, _digest(token))

    def record_turn(
        self,
        *,
        conversation_id: str,
        channel: str,
        customer_id: str | None,
        state: dict[str, Any] | None,
        user_text: str,
        reply_text: str,
        intent: str | None,
        confidence: float | None,
        reply_kind: str | None,
        handoff: bool,
        trace: list[dict[str, Any]],
        answer_to: str | None = None,
    ) -> int:
        """Store the turn and the conversation's new state together; returns the turn id.

        A `state` of None keeps the stored state (the turn failed before it could compute one).
        """
        try:
            with self._sessions.begin() as session:
                conversation = _locked_conversation(session, conversation_id, channel)
                if state is not None:
                    conversation.state = state
                conversation.customer_id = customer_id or conversation.customer_id
                conversation.updated_at = datetime.now(UTC).replace(tzinfo=None)
                if handoff:
                    conversation.status = "handoff"
                index = (
                    session.scalar(
                        select(func.count())
                        .select_from(m.TurnRow)
                        .where(m.TurnRow.conversation_id == conversation_id)
                    )
                    or 0
                )
                row = m.TurnRow(
                    conversation_id=conversation_id,
                    index=index,
                    user_text=user_text,
                    reply_text=reply_text,
                    intent=intent,
                    confidence=confidence,
                    reply_kind=reply_kind,
                    handoff=handoff,
                    answer_to=answer_to,
                    trace=trace,
                )
                session.add(row)
                session.flush()
                return row.id
        except SQLAlchemyError as exc:
            raise StoreError(f"could not record turn: {exc.__class__.__name__}") from exc

    def next_turn_index(self, conversation_id: str) -> int:
        with self._sessions() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(m.TurnRow)
                    .where(m.TurnRow.conversation_id == conversation_id)
                )
                or 0
            )

    def request_handoff(
        self, conversation_id: str, summary: dict[str, Any], *, channel: str = "rasa"
    ) -> None:
        """Put the conversation in the operators' queue, with a summary."""
        try:
            with self._sessions.begin() as session:
                conversation = _locked_conversation(session, conversation_id, channel)
                conversation.status = "handoff"
                conversation.handoff_summary = summary
        except SQLAlchemyError as exc:
            raise StoreError(f"could not queue the handoff: {exc.__class__.__name__}") from exc

    def handoff_summary(self, conversation_id: str) -> tuple[str, dict[str, Any] | None] | None:
        """(status, summary) of the conversation, or None if there is no such conversation."""
        with self._sessions() as session:
            row = session.get(m.Conversation, conversation_id)
            return (row.status, row.handoff_summary) if row else None

    def turns(self, conversation_id: str) -> list[dict[str, Any]]:
        with self._sessions() as session:
            rows = session.scalars(
                select(m.TurnRow)
                .where(m.TurnRow.conversation_id == conversation_id)
                .order_by(m.TurnRow.index)
            ).all()
            return [
                {
                    "index": r.index,
                    "user_text": r.user_text,
                    "reply_text": r.reply_text,
                    "intent": r.intent,
                    "confidence": r.confidence,
                    "reply_kind": r.reply_kind,
                    "handoff": r.handoff,
                    "trace": r.trace,
                }
                for r in rows
            ]


class DocumentRepository:
    """Which documents are indexed, at which content hash, with which passage ids."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def indexed(self, prefix: str = "") -> dict[str, tuple[str, list[str]]]:
        """document id -> (content hash, passage ids), for ids starting with `prefix`."""
        with self._sessions() as session:
            rows = session.scalars(select(m.DocumentRow).where(m.DocumentRow.id.startswith(prefix)))
            return {r.id: (r.content_hash, list(r.passage_ids or [])) for r in rows}

    def save(
        self, doc_id: str, source: str, doc_type: str, content_hash: str, passage_ids: list[str]
    ) -> None:
        with self._sessions.begin() as session:
            session.merge(
                m.DocumentRow(
                    id=doc_id,
                    source=source,
                    doc_type=doc_type,
                    content_hash=content_hash,
                    passage_ids=passage_ids,
                    ingested_at=datetime.now(UTC).replace(tzinfo=None),
                )
            )

    def source(self, doc_id: str) -> str | None:
        with self._sessions() as session:
            row = session.get(m.DocumentRow, doc_id)
            return row.source if row else None

    def forget(self, doc_id: str) -> None:
        with self._sessions.begin() as session:
            row = session.get(m.DocumentRow, doc_id)
            if row is not None:
                session.delete(row)
