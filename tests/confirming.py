"""Answering the desk's confirmation pages in tests (articles.admin.step_confirmations): read the page's
form as a browser would and post it back, as a person pressing "Yes" does."""

from lxml import html as lxml_html

FORM = '//form[@id="step-confirmation-form"]'


def confirmation_form(response):
    """The confirmation page's form: (the address it posts to, its fields as a browser sends them)."""
    assert response.status_code == 200, response.status_code
    forms = lxml_html.fromstring(response.content).xpath(FORM)
    assert forms, "the response is not a confirmation page"
    form = forms[0]
    fields = {}
    for element in form.xpath(".//input[@name] | .//textarea[@name]"):
        if element.get("type") == "submit":
            continue
        if element.tag == "textarea":
            # Browsers drop the newline that opens a textarea's content (Django writes one).
            value = (element.text or "").removeprefix("\n")
        else:
            value = element.get("value", "")
        fields.setdefault(element.get("name"), []).append(value)
    return form.get("action") or response.request["PATH_INFO"], fields


def confirm(client, response, **changed):
    """Press "Yes" on the confirmation page ``response``, with ``changed`` fields (e.g. the note)."""
    action, fields = confirmation_form(response)
    fields.update({name: [value] for name, value in changed.items()})
    return client.post(action, fields)


def without_token(response, **changed):
    """The confirmation page's form as a hand-made POST would send it: everything but the token."""
    action, fields = confirmation_form(response)
    fields.pop("confirmation", None)
    fields.update({name: [value] for name, value in changed.items()})
    return action, fields
