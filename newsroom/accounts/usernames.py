"""One spelling of a user name for log-in, the log-in lock and new accounts.

``ｒeporter`` (fullwidth r), ``Reporter`` and `` reporter `` all mean the account ``reporter``: the
lock counts them together and log-in finds that one account, so no spelling gets fresh guesses.
"""

import unicodedata


def normalise_username(name):
    """NFKC, case-folded and stripped (NFKC again after case folding, as Unicode's NFKC_Casefold
    does, because folding can produce characters that compatibility normalisation would change)."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def store_new_usernames_normalised(sender, instance, **kwargs):
    """pre_save for the user model (Django's own, so no save() of ours): a new account is stored
    under the spelling log-in looks up. Existing accounts keep their name; log-in still finds them."""
    if instance.pk is None:
        field = instance.USERNAME_FIELD
        setattr(instance, field, normalise_username(getattr(instance, field)))
