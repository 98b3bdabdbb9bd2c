"""Settings of the bare baseline project: the least Django needs to answer a request."""

SECRET_KEY = "bench-bare-" + "k" * 50
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True
WSGI_APPLICATION = "bench.bare.wsgi.application"
