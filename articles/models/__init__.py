"""The newsroom's content, one module per noun: sections, people, articles with their credits,
related items and corrections, live coverage and its posts, and timelines."""

from .articles import Article, ArticleQuerySet, OldArticleURL
from .body import BodyReference
from .corrections import Correction
from .credits import Credit
from .live import LiveCoverage, LivePost, LivePostCorrection, LivePostCredit, LivePostQuerySet
from .people import Person
from .related import RelatedItem, RelatedItemQuerySet
from .sections import RESERVED_SLUGS, Section, validate_section_slug
from .timelines import Timeline, TimelineEvent

__all__ = [
    "RESERVED_SLUGS",
    "Article",
    "ArticleQuerySet",
    "BodyReference",
    "Correction",
    "Credit",
    "LiveCoverage",
    "LivePost",
    "LivePostCorrection",
    "LivePostCredit",
    "LivePostQuerySet",
    "OldArticleURL",
    "Person",
    "RelatedItem",
    "RelatedItemQuerySet",
    "Section",
    "Timeline",
    "TimelineEvent",
    "validate_section_slug",
]
