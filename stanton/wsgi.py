import os

from django.core.wsgi import get_wsgi_application

from stanton.startup import settle_process

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stanton.settings")
application = get_wsgi_application()
settle_process()  # before the first request: see stanton/startup.py
