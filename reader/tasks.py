"""The reader's background work: purging the front caches (reader/purge.py)."""

from publishing.tasks import retrying

from . import purge


@retrying(attempts=8, first_wait=5)
def purge_later(name, names, paths, everything):
    """Purge one front cache; retried until it answers (a purge is safe to repeat)."""
    purge.run(name, names, paths, everything)
