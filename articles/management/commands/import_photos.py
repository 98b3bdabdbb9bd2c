"""``manage.py import_photos PATH... [--agency SLUG] [--keep-look-alikes]``: put photo files and
folders into the library.

Every file goes through ``store_photo``, exactly like an upload in the admin: validated, hashed
(a file already in the library counts as a duplicate), captioned from its embedded metadata. The
same picture in another file (resized or re-encoded: ``fingerprints.SAME_PICTURE``) of the same
agency, or of any when the run names none, is a duplicate too, reported with a line
``same picture as photo #N: PATH``; ``--keep-look-alikes`` stores such files as new photos instead.
A picture that only looks like one in the library (slightly cropped, a moment apart) is stored and
reported (``looks like photo #N: PATH, stored as #M``) for the desk to decide. A refused file is
reported with the reason and the run goes on. The last line is always
``created N, duplicate N, failed N``; the exit status is 1 when anything failed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Agency
from articles.photos.library import PhotoStorageFailed, file_photo
from articles.photos.validation import PhotoRejected


class Command(BaseCommand):
    help = "Import photo files (or every file in folders, recursively) into the photo library."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="photo files or folders of photos")
        parser.add_argument("--agency", metavar="SLUG", help="the agency the photos come from (its slug)")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")
        parser.add_argument(
            "--keep-look-alikes",
            action="store_true",
            help="store a file whose picture is already in the library (resized, re-encoded) as a new photo",
        )

    def handle(self, *args, paths, agency=None, no_progress=False, keep_look_alikes=False, **options):
        agency = self.agency_from_slug(agency) if agency else None
        files, missing = files_under(paths)
        created = duplicate = 0
        failures = [(path, "no such file or folder") for path in missing]
        notes = []
        progress = tqdm(
            files,
            desc="Importing photos",
            unit="photo",
            # The raw stream: Django's OutputWrapper would end each of tqdm's redraws with a newline.
            file=self.stderr._out,
            disable=no_progress,
        )
        for path in progress:
            try:
                with path.open("rb") as upload:
                    stored = file_photo(
                        upload,
                        filename=path.name,
                        agency=agency,
                        similar="store" if keep_look_alikes else "reuse",
                    )
            except (PhotoRejected, PhotoStorageFailed, OSError) as error:
                failures.append((path, str(error)))
                continue
            if stored.created:
                created += 1
                if stored.look_alikes:
                    closest = stored.look_alikes[0][1]
                    notes.append(f"looks like photo #{closest.pk}: {path}, stored as #{stored.photo.pk}")
            else:
                duplicate += 1
                if stored.same_picture:
                    notes.append(f"same picture as photo #{stored.photo.pk}: {path}")
        progress.close()
        for note in notes:
            self.stdout.write(note)
        for path, reason in failures:
            self.stderr.write(f"failed: {path}: {reason}")
        self.stdout.write(f"created {created}, duplicate {duplicate}, failed {len(failures)}")
        if failures:
            raise SystemExit(1)

    def agency_from_slug(self, slug):
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            known = ", ".join(Agency.objects.order_by("slug").values_list("slug", flat=True)) or "(none yet)"
            raise CommandError(f"Unknown agency {slug!r}. Known agency slugs: {known}.")
        return agency


def files_under(paths):
    """Every file named, and every file inside the folders named (recursively, hidden ones skipped),
    in a stable order; and the paths that do not exist."""
    files, missing = [], []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(
                found
                for found in path.rglob("*")
                if found.is_file() and not any(part.startswith(".") for part in found.relative_to(path).parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(path)
    return list(dict.fromkeys(files)), missing
