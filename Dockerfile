# The assistant in one container: `docker build -t shop-assistant . && docker run -p 8000:8000 shop-assistant`.
# The image holds the demo shop, set up at build time. For a real shop, mount its state on /app/var,
# point BOT_* variables at it (docs/DEPLOY.md), and run `bot import` / `bot ingest` once.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    BOT_HOST=0.0.0.0 \
    BOT_PORT=8000

WORKDIR /app

# The CPU build of torch first (the lock pins the version; PyPI's default wheel carries CUDA), then
# the lock itself, complete, so pip never resolves.
COPY requirements.lock pyproject.toml ./
RUN python -m venv .venv \
    && .venv/bin/pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
    && .venv/bin/pip install --no-cache-dir --no-deps -r requirements.lock

COPY . .
RUN .venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation -e . \
    && .venv/bin/bot setup

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD [".venv/bin/bot", "serve"]
