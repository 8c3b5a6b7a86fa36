"""An address a story had keeps leading to it: no other story may take it over."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import OldArticleURL
from tests.factories import make_article
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed():
    """Story A, published as `water-rates` and renamed: its old address redirects to it."""
    story = make_article("Water rates rise", slug="water-rates")
    old_path = story.get_absolute_url()
    story.slug = "water-rates-rise"
    story.save()
    assert OldArticleURL.objects.get(path=old_path).article == story
    return story, old_path


def test_another_story_cannot_take_an_old_address_by_its_slug(client, editor, renamed):
    story, old_path = renamed
    other = make_article(
        "Another water story", slug="other-water", published_at=timezone.now() - timedelta(days=3)
    )
    editor_client = client_for(editor)
    url = reverse("admin:articles_article_change", args=[other.pk])
    data = form_data(editor_client.get(url), "article_form")

    response = editor_client.post(url, {**data, "slug": "water-rates"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "“Water rates rise”" in page and old_path in page
    other.refresh_from_db()
    assert other.slug == "other-water"
    assert OldArticleURL.objects.get(path=old_path).article == story
    assert client.get(old_path)["Location"] == story.get_absolute_url()


def test_the_save_itself_refuses_it_and_keeps_the_old_address(renamed):
    story, old_path = renamed
    other = make_article("Another water story", slug="other-water")
    other.slug = "water-rates"
    with pytest.raises(ValidationError, match="Water rates rise"):
        other.save()
    assert OldArticleURL.objects.get(path=old_path).article == story
    with pytest.raises(ValidationError):
        make_article("A new story", slug="water-rates")
    assert OldArticleURL.objects.get(path=old_path).article == story


def test_a_story_may_move_back_to_its_own_old_address(client, renamed):
    story, old_path = renamed
    story.slug = "water-rates"
    story.save()
    assert story.get_absolute_url() == old_path
    assert not OldArticleURL.objects.filter(path=old_path).exists()
    assert client.get(old_path).status_code == 200
