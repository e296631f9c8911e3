# Threshold production image: gunicorn (gthread) serving Django, the same image runs the Celery worker and beat.
#
# The source is copied directory by directory (there is no COPY . .), so local files such as .venv/,
# node_modules/, db.sqlite3, .env and secrets/ never reach the image. A new Django app needs its own COPY line
# below; tests/core/test_compose.py fails until it has one.

# --- Front-end assets: GOV.UK Frontend compiled with our own settings --------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static/scss ./static/scss
RUN npm run build:css

# --- Application ---------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=config.settings

# What WeasyPrint needs to lay out and subset fonts in PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The app's files stay owned by root; the user may write only to its home (fontconfig's cache) and /app/var.
RUN groupadd --system --gid 10001 threshold \
    && useradd --system --uid 10001 --gid threshold --create-home --home-dir /home/threshold \
        --shell /usr/sbin/nologin threshold

WORKDIR /app

# Runtime dependencies only (not the dev extra), every one pinned by constraints.txt. They are read from
# pyproject.toml rather than installing the project itself, which has no packages of its own to build.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY manage.py ./
COPY config ./config
COPY core ./core
COPY audit ./audit
COPY accounts ./accounts
COPY consensus ./consensus
COPY referrals ./referrals
COPY cases ./cases
COPY exports ./exports
COPY reports ./reports
COPY evidence ./evidence
COPY templates ./templates
COPY static ./static
COPY --from=assets /build/static/build ./static/build
# STATICFILES_DIRS reads the compiled GOV.UK assets from here.
COPY --from=assets /build/node_modules/govuk-frontend/dist ./node_modules/govuk-frontend/dist

# Static files are collected (hashed and compressed for WhiteNoise) at build time. The key is a build-only
# placeholder: settings refuse to start without one when DJANGO_DEBUG is off, and nothing is signed here.
RUN DJANGO_SECRET_KEY=build-only-placeholder-never-used-at-run-time python manage.py collectstatic --no-input \
    && mkdir -p /app/var/exports \
    && chown -R threshold:threshold /app/var

USER 10001:10001

EXPOSE 8000

# The Host header must be one Django accepts, so use the first of DJANGO_ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = (os.environ.get('DJANGO_ALLOWED_HOSTS') or '').split(',')[0].strip().lstrip('.'); u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h if h not in ('', '*') else 'localhost'}), timeout=4)"]

# gthread: 2 processes x 8 threads, so a slow or paused client holds a thread rather than a whole worker.
CMD ["gunicorn", "config.wsgi", "--worker-class", "gthread", "--workers", "2", "--threads", "8", \
     "--bind", "0.0.0.0:8000"]
