"""Story elements: what a body names is tracked (BodyReference), and search reads the body's
words (weight C) and its elements' words: captions, pull quotes, factboxes (weight D).

The body's plain text and the references are filled in for every existing story; the
PostgreSQL search column is made again from the new text columns (nothing on SQLite).
"""

import django.db.models.deletion
from django.db import migrations, models

SEARCH_FROM_TEXT = """
DROP INDEX IF EXISTS article_search_vector;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;
ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(kicker, '') || ' ' || coalesce(deck, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body_text, '')), 'C')
    || setweight(to_tsvector('english'::regconfig, coalesce(elements_text, '')), 'D')
) STORED;
CREATE INDEX article_search_vector ON articles_article USING GIN (search_vector);
"""

SEARCH_FROM_BODY = """
DROP INDEX IF EXISTS article_search_vector;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;
ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(kicker, '') || ' ' || coalesce(deck, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
) STORED;
CREATE INDEX article_search_vector ON articles_article USING GIN (search_vector);
"""


def read_existing_bodies(apps, schema_editor):
    """Fill the search text and the references of every story already written."""
    from articles.body import read_body, references, search_text

    Article = apps.get_model("articles", "Article")
    BodyReference = apps.get_model("articles", "BodyReference")
    rows, changed = [], []
    for article in Article.objects.only("pk", "body").iterator(chunk_size=500):
        blocks = read_body(article.body)
        article.body_text, article.elements_text = search_text(blocks)
        changed.append(article)
        named = references(blocks)
        rows += [BodyReference(article_id=article.pk, photo_id=pk) for pk in named.photos]
        rows += [BodyReference(article_id=article.pk, gallery_id=pk) for pk in named.galleries]
        rows += [
            BodyReference(article_id=article.pk, target_article_id=pk) for pk in named.articles
        ]
        if len(changed) >= 500:
            Article.objects.bulk_update(changed, ["body_text", "elements_text"])
            changed = []
    Article.objects.bulk_update(changed, ["body_text", "elements_text"])
    BodyReference.objects.bulk_create(rows, batch_size=1000)


def search_from_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_FROM_TEXT)


def search_from_body(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_FROM_BODY)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_timeline_headline_deck"),
        ("media_gallery", "0003_gallery_headline_deck"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="elements_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.TextField(
                blank=True,
                help_text="The story: paragraphs, and photos, embeds and more between them.",
            ),
        ),
        migrations.CreateModel(
            name="BodyReference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="body_references",
                        to="articles.article",
                    ),
                ),
                (
                    "gallery",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="body_uses",
                        to="media_gallery.gallery",
                        verbose_name="gallery in the body",
                    ),
                ),
                (
                    "photo",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="body_uses",
                        to="media_gallery.photo",
                        verbose_name="photo in the body",
                    ),
                ),
                (
                    "target_article",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="body_mentions",
                        to="articles.article",
                        verbose_name="related story in the body",
                    ),
                ),
            ],
            options={
                "verbose_name": "element reference",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("gallery__isnull", True),
                                ("photo__isnull", False),
                                ("target_article__isnull", True),
                            ),
                            models.Q(
                                ("gallery__isnull", False),
                                ("photo__isnull", True),
                                ("target_article__isnull", True),
                            ),
                            models.Q(
                                ("gallery__isnull", True),
                                ("photo__isnull", True),
                                ("target_article__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="body_reference_exactly_one_target",
                    )
                ],
            },
        ),
        migrations.RunPython(read_existing_bodies, migrations.RunPython.noop),
        migrations.RunPython(search_from_text, search_from_body),
    ]
