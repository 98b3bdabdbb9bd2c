"""The development server with the scheduler beside it, so scheduled stories go out without cron.

``make run`` uses this. The scheduler is a separate process (``publish_scheduled --loop``), never a
thread inside the web server, and it stops when the server stops.
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development server and the scheduled-publishing loop together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--scheduler-every",
            type=float,
            default=20.0,
            metavar="SECONDS",
            help="How often the scheduler looks for due stories (default 20).",
        )
        parser.add_argument("--noreload", action="store_false", dest="use_reloader")

    def handle(self, *args, addrport, scheduler_every, use_reloader, **options):
        if os.environ.get("RUN_MAIN") == "true":
            # A reloaded server child: the process watching it already runs the scheduler.
            call_command("runserver", addrport, use_reloader=use_reloader)
            return
        scheduler = subprocess.Popen(
            [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "publish_scheduled",
                "--loop",
                str(scheduler_every),
                "--exit-with-parent",
            ]
        )
        self.stdout.write(f"Scheduled publishing runs every {scheduler_every:g}s (process {scheduler.pid}).")
        # A plain `kill` should stop both processes, not leave the scheduler behind.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            call_command("runserver", addrport, use_reloader=use_reloader)
        finally:
            scheduler.terminate()
            try:
                scheduler.wait(timeout=10)
            except subprocess.TimeoutExpired:
                scheduler.kill()
