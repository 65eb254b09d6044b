# The GCM Pledge Tracker: one image for the API and the worker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    ENVIRONMENT=production DATA_DIR=/var/lib/pledges
RUN useradd --system --create-home --home-dir /var/lib/pledges pledges
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain domain
COPY projections projections
COPY infrastructure infrastructure
COPY api api
COPY workers workers
COPY service service
RUN pip install .
USER pledges
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["pledges", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-worker"]
