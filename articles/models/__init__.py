"""The newsroom's content model, one module per concept.

Other modules import from ``articles.models`` only, so a model can move between modules freely.
"""

from .addresses import StoryRedirect
from .api_keys import ApiKey
from .editing import EditLock, StoryAutosave
from .editorial import Revision, StoryTransition
from .feeds import AgencyCopy, AgencyFeed, FeedMapping, IngestedDocument
from .fronts import BreakingNewsBanner, Front, FrontPin, FrontVersion
from .live import LiveEntry, LiveEntryAuthor
from .notes import Notification, StoryNote
from .people import Agency, AgencyAlias, Author, normalised_agency_name
from .photos import Photo
from .reader_pages import ReaderPagesGeneration
from .secondary_sections import StorySection
from .sections import RESERVED_SECTION_SLUGS, Section
from .stories import Story
from .story_parts import Correction, StoryAuthor, StoryPhoto
from .tags import TaggedStory
from .takes import WireTake

__all__ = [
    "RESERVED_SECTION_SLUGS",
    "Agency",
    "AgencyAlias",
    "AgencyCopy",
    "AgencyFeed",
    "ApiKey",
    "Author",
    "BreakingNewsBanner",
    "Correction",
    "EditLock",
    "FeedMapping",
    "Front",
    "FrontPin",
    "FrontVersion",
    "IngestedDocument",
    "LiveEntry",
    "LiveEntryAuthor",
    "Notification",
    "Photo",
    "ReaderPagesGeneration",
    "Revision",
    "Section",
    "Story",
    "StoryAutosave",
    "StoryAuthor",
    "StoryNote",
    "StoryPhoto",
    "StoryRedirect",
    "StorySection",
    "StoryTransition",
    "TaggedStory",
    "WireTake",
    "normalised_agency_name",
]
