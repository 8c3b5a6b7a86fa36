"""Full-text search on PostgreSQL: a stored, generated tsvector column with a GIN index.

Headline weighs most (A), then kicker and deck (B), then the body (C); the body's HTML tags
are skipped by PostgreSQL's parser. The column is generated, so every save path keeps it
current. On SQLite the search part does nothing and search falls back to `icontains`.

Also a partial index for the front page's pinned lead story.
"""

from django.db import migrations, models

ADD_SEARCH = """
ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(kicker, '') || ' ' || coalesce(deck, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
) STORED;
CREATE INDEX article_search_vector ON articles_article USING GIN (search_vector);
"""

DROP_SEARCH = """
DROP INDEX IF EXISTS article_search_vector;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;
"""


def add_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_SEARCH)


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEARCH)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_roles")]

    operations = [
        migrations.RunPython(add_search, drop_search),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("is_pinned", True)),
                fields=["-published_at"],
                name="article_pinned",
            ),
        ),
    ]
