"""The API's three addresses: the list of items, one item, the OpenAPI description.

None of them is a reader page (``articles.reader.cache.reader_page``): the page cache never keeps
an answer that depends on who asks.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..reader.structured_data import absolute_url
from .access import admit
from .errors import ApiError
from .ninjs import changed_at, ninjs_item, story_id_of
from .openapi import openapi_document
from .queries import item_filters, item_page, item_story
from .responses import json_answer, ninjs_version


def answering_errors(view):
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error.response()

    answer.__name__ = view.__name__
    answer.__doc__ = view.__doc__
    return answer


@require_safe
@answering_errors
def items(request):
    """The newest items the caller may read, a page at a time (``next`` carries the cursor)."""
    caller = admit(request)
    version = ninjs_version(request)
    filters = item_filters(request.GET, caller)
    at = timezone.now()
    stories, next_cursor = item_page(caller, filters, at)
    payload = {"items": [ninjs_item(story, version, at=at) for story in stories]}
    headers = {}
    if next_cursor:
        params = {name: value for name, value in request.GET.items() if name != "cursor"}
        payload["next"] = absolute_url(
            f"{reverse('api:items')}?{urlencode({**params, 'cursor': next_cursor})}"
        )
        headers["Link"] = f'<{payload["next"]}>; rel="next"'
    return json_answer(request, payload, caller=caller, version=version, headers=headers)


@require_safe
@answering_errors
def item(request, guid):
    """One item by its guid: usable, or canceled once readers can no longer see its story."""
    caller = admit(request)
    version = ninjs_version(request)
    unknown = sorted(set(request.GET) - {"version"})
    if unknown:
        raise ApiError(400, "unknown_parameter", f"Unknown parameter: {', '.join(unknown)}.")
    story_id = story_id_of(guid)
    story = item_story(caller, story_id) if story_id is not None else None
    if story is None:
        raise ApiError(404, "not_found", "No item with this guid that this key may read.")
    at = timezone.now()
    return json_answer(
        request,
        ninjs_item(story, version, at=at),
        caller=caller,
        version=version,
        last_modified=changed_at(story, at),
    )


@require_safe
def openapi(request):
    """The API described in OpenAPI 3.1; public, like any API's documentation."""
    response = JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response
