import os

from django.core.wsgi import get_wsgi_application

from config.startup import run

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _start():
    from django.db import connection

    app = get_wsgi_application()
    connection.ensure_connection()  # fail at start-up, in one line, not on the first request
    connection.close()
    return app


application = run(_start)
