"""Reading reader pages in tests: the parsed page, its JSON-LD, its meta tags."""

import json

from lxml import html as lxml_html


def page_tree(response):
    return lxml_html.fromstring(response.content)


def json_ld(response):
    scripts = page_tree(response).xpath('//script[@type="application/ld+json"]/text()')
    assert len(scripts) == 1
    return json.loads(scripts[0])


def meta(tree, key):
    values = tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
    return values[0] if values else None
