"""Authors and Co-Authors Plus guest authors as people (no login accounts), and categories as
sections with their hierarchy (Newsroom nests sections one level: deeper categories go under
their top category's child, and the report says so)."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from articles.models import RESERVED_SLUGS, Person, Section

from .models import ImportedItem


@dataclass
class Author:
    """A byline name from the export: a WordPress user or a guest author."""

    kind: str  # ImportedItem.Kind.AUTHOR or GUEST_AUTHOR
    login: str
    name: str
    email: str = ""
    bio: str = ""


def from_user(author):
    name = author.display_name or " ".join(filter(None, [author.first_name, author.last_name]))
    return Author(ImportedItem.Kind.AUTHOR, author.login, name or author.login, author.email)


def from_guest(item):
    meta = item.meta
    name = meta.get("cap-display_name") or " ".join(
        filter(None, [meta.get("cap-first_name"), meta.get("cap-last_name")])
    )
    login = meta.get("cap-user_login") or item.name
    return Author(
        ImportedItem.Kind.GUEST_AUTHOR,
        login,
        (name or item.title or login).strip(),
        meta.get("cap-user_email", "").strip(),
        meta.get("cap-description", "").strip(),
    )


def unique_slug(model, wanted, fallback, limit=120, field="slug", taken=()):
    base = (slugify(wanted) or slugify(fallback) or "item")[:limit].strip("-")
    slug, n = base, 1
    while slug in taken or model._base_manager.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base[: limit - len(str(n)) - 1]}-{n}"
    return slug


def person_for(site, author, known, dry_run=False):
    """The Person an author becomes: the one made by an earlier run, else the one person with
    that email or (failing that) exactly that name, else a new person. Returns (person, how)."""
    key = (author.kind, author.login)
    if key in known:
        return known[key], "known"
    email_match = Person.objects.filter(email__iexact=author.email) if author.email else None
    name_match = Person.objects.filter(name=author.name)
    person, how = None, "created"
    if email_match is not None and email_match.count() == 1:
        person, how = email_match.first(), "linked"
    elif name_match.count() == 1:
        person, how = name_match.first(), "linked"
    if dry_run:
        known[key] = person
        return person, how
    with transaction.atomic():
        if person is None:
            person = Person(
                name=author.name[:200],
                slug=unique_slug(Person, author.name, author.login),
                email=author.email if "@" in author.email else "",
                bio=author.bio,
            )
            person.save(revision_summary="Imported from WordPress")
        ImportedItem.objects.create(site=site, kind=author.kind, key=author.login, person=person)
    known[key] = person
    return person, how


def section_slug(term):
    slug = slugify(term.slug) or slugify(term.name) or "section"
    if slug in RESERVED_SLUGS or re.fullmatch(r"\d+", slug):
        slug = f"{slug}-section"
    return slug[:60]


def sections_for(site, categories, known, report, dry_run=False):
    """Sections for every category, parents first; an existing section with the same slug is
    the same desk, and is used as it is."""
    by_slug = {term.slug: term for term in categories}

    def ancestors(term):
        chain, seen = [], set()
        while term.parent and term.parent in by_slug and term.parent not in seen:
            seen.add(term.parent)
            term = by_slug[term.parent]
            chain.append(term)
        return chain

    ordered = sorted(categories, key=lambda term: len(ancestors(term)))
    for term in ordered:
        if term.slug in known:
            continue
        chain = ancestors(term)
        # Sections nest one level: a deeper category goes under its top category.
        parent = known.get(chain[-1].slug) if chain else None
        if len(chain) > 1:
            report.notes.append(
                f"Category “{term.name}” is {len(chain) + 1} levels deep; sections nest one "
                f"level, so it is under “{parent}”."
            )
        slug = section_slug(term)
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            report.imported["sections"] += 1
            if dry_run:
                known[term.slug] = Section(name=term.name, slug=slug, parent=parent)
                continue
            section = Section(name=(term.name or slug)[:100], slug=slug, parent=parent)
            section.full_clean()
            section.save(revision_summary="Imported from WordPress")
        elif not dry_run:
            report.unchanged["sections"] += 1
        if not dry_run:
            ImportedItem.objects.get_or_create(
                site=site, kind=ImportedItem.Kind.CATEGORY, key=term.slug,
                defaults={"section": section},
            )  # fmt: skip
        known[term.slug] = section
    return known
