"""Publish every scheduled story whose time (and embargo) has come, oldest first, each exactly once;
likewise every scheduled front version (``services.fronts``).

Safe from cron, by hand and with several copies at once: each story is taken under a row lock that
other copies skip (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the database's single
writer does the same job), and the service checks again under the lock that it is still due. A run
that was missed is caught up by the next one, since everything due is published, however late.
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from articles import services
from articles.models import Story
from articles.services import fronts


class Command(BaseCommand):
    help = "Publish scheduled stories whose time has come (run from cron, or with --loop SECONDS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            help="Keep running, looking for due stories every SECONDS.",
        )
        parser.add_argument(
            "--iterations",
            type=int,
            default=0,
            help="With --loop: stop after this many rounds (0: run until stopped).",
        )
        parser.add_argument(
            "--exit-with-parent",
            action="store_true",
            help="With --loop: stop when the process that started this one has gone (used by `serve`).",
        )

    def handle(self, *args, loop=None, iterations=0, exit_with_parent=False, **options):
        if loop is not None and loop <= 0:
            raise CommandError("--loop needs a positive number of seconds.")
        parent, rounds = os.getppid(), 0
        while True:
            if exit_with_parent and os.getppid() != parent:
                return
            published = self.publish_due()
            services.reveal_stories_due_by_the_clock()
            # Curated fronts: scheduled versions go live, and pins that expired (or pinned stories that
            # came out) by the clock reach readers, each front's pages retired once.
            for version in fronts.publish_due_versions():
                self.stdout.write(f"Front “{version.front}”: version {version.number} is live.")
            fronts.retire_fronts_due_by_the_clock()
            if published or options["verbosity"] > 1:
                count = ngettext("%(n)d story", "%(n)d stories", published) % {"n": published}
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} published {count}.")
            rounds += 1
            if loop is None or (iterations and rounds >= iterations):
                return
            time.sleep(loop)

    def publish_due(self):
        """Publish, one transaction each, every story due now; return how many this copy published."""
        published, refused = 0, set()
        while True:
            with transaction.atomic():
                story_id = (
                    Story.objects.due_for_publishing()
                    .exclude(pk__in=refused)
                    .select_for_update(skip_locked=True)
                    .values_list("pk", flat=True)
                    .first()
                )
                if story_id is None:
                    return published
                try:
                    story = services.publish_due_story(story_id)
                except services.InvalidTransition as error:
                    refused.add(story_id)
                    self.stderr.write(f"Story #{story_id} stays scheduled: {error.message}")
                    continue
            if story is not None:
                published += 1
                due = timezone.localtime(story.publish_at)  # as the desk shows times
                self.stdout.write(f"Published #{story.pk} “{story.headline}” (due {due:%Y-%m-%d %H:%M}).")
