"""``manage.py fill_photo_hashes [--batch-size N]``: give every photo stored before perceptual hashes
its hash, so look-alikes of it are recognised (``articles.photos.fingerprints``).

A command rather than a data migration: it reads every original from storage, which on a large
library takes far longer than a deploy should wait, and a migration would hold one transaction
throughout. Here each batch is read by primary key after the last one (no growing offsets) and
written with one UPDATE statement in its own transaction; stopping it loses at most a batch, and
running it again picks up the photos still without a hash. Photos stored since migration 0020 have
theirs already. A plain picture (a solid colour) gets none by design and is counted apart. The last
line is ``hashed N, plain N, unreadable N``; the exit status is 1 when a file could not be read.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Photo
from articles.photos.fingerprints import FINGERPRINT_FIELDS, fingerprint_fields, perceptual_hash


class Command(BaseCommand):
    help = "Compute the perceptual hash of every photo that has none yet (safe to stop and run again)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200, help="photos read and written at a time")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, batch_size=200, no_progress=False, **options):
        waiting = Photo.objects.filter(perceptual_hash="").exclude(image="").order_by("pk")
        progress = tqdm(
            total=waiting.count(),
            desc="Hashing photos",
            unit="photo",
            file=self.stderr._out,
            disable=no_progress,
        )
        hashed = plain = 0
        unreadable = []
        after = 0
        while batch := list(waiting.filter(pk__gt=after).only("pk", "image")[:batch_size]):
            after = batch[-1].pk
            done = []
            for photo in batch:
                try:
                    with photo.image.open("rb") as original:
                        picture_hash = perceptual_hash(original)
                except (OSError, ValueError) as error:
                    unreadable.append((photo.pk, photo.image.name, error))
                    continue
                if not picture_hash:
                    plain += 1
                    continue
                for name, value in fingerprint_fields(picture_hash).items():
                    setattr(photo, name, value)
                done.append(photo)
            Photo.objects.bulk_update(done, FINGERPRINT_FIELDS)
            hashed += len(done)
            progress.update(len(batch))
        progress.close()
        for pk, name, error in unreadable:
            self.stderr.write(f"unreadable: photo #{pk} ({name}): {error}")
        self.stdout.write(f"hashed {hashed}, plain {plain}, unreadable {len(unreadable)}")
        if unreadable:
            raise SystemExit(1)
