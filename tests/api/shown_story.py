"""What a site shows of a story, as plain data: used on this site and, in its own process, on the
other site of the round trip (tests/api/test_round_trip.py), so both are read the same way."""


def shown_story(story):
    uses = list(story.story_photos.all())
    photos = ([story.lead_photo] if story.lead_photo_id else []) + [use.photo for use in uses]
    captions = ([story.lead_caption] if story.lead_photo_id else []) + [use.display_caption for use in uses]
    return {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "body": story.body,
        "byline": [author.name for author in story.ordered_authors],
        "dateline": story.dateline,
        "tags": sorted(tag.name for tag in story.tags.all()),
        "photos": [
            [caption, photo.credit_line, photo.photographer, [photo.width, photo.height]]
            for caption, photo in zip(captions, photos, strict=True)
        ],
    }
