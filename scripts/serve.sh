#!/usr/bin/env bash
# The production stack on this machine: gunicorn with whitenoise, against the local PostgreSQL
# and Redis, in production mode (PORTAL_ENV=production). Plain HTTP on loopback, so secure
# cookies, the HTTPS redirect and HSTS are turned off here: in production a TLS proxy stands in
# front and these stay at their defaults (see README, "Production").
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .serve-secret ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > .serve-secret
export PORTAL_ENV=production
export SECRET_KEY="$(cat .serve-secret)"
DATABASE_URL="$(bash scripts/ensure_postgres.sh)"
export DATABASE_URL
CACHE_URL="$(bash scripts/ensure_redis.sh)"
export CACHE_URL
export ALLOWED_HOSTS="127.0.0.1,localhost"
export SECURE_SSL_REDIRECT=false COOKIES_SECURE=false SECURE_HSTS_SECONDS=0
export EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
export MEDIA_ROOT="${MEDIA_ROOT:-$PWD/media}"
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/python manage.py load_legal_texts
.venv/bin/python manage.py load_demo_data
exec .venv/bin/gunicorn portal.wsgi --bind 127.0.0.1:8000 --workers "${WORKERS:-4}" --threads 2 --access-logfile -
