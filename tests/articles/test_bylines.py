import pytest

from articles.bylines import byline_line, contributors_line
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def test_single_author_byline():
    article = make_article(authors=[make_person("Babak Dehghanpisheh")])
    assert article.byline == "By Babak Dehghanpisheh"


def test_two_authors_joined_with_and():
    article = make_article(authors=[make_person("Anne Gearan"), make_person("Karen DeYoung")])
    assert article.byline == "By Anne Gearan and Karen DeYoung"


def test_three_authors_have_no_serial_comma():
    people = [make_person(n) for n in ("A One", "B Two", "C Three")]
    assert make_article(authors=people).byline == "By A One, B Two and C Three"


def test_four_names():
    assert byline_line(["A", "B", "C", "D"]) == "By A, B, C and D"


def test_contributors_line_for_one_two_and_three():
    assert contributors_line(["Ahmed Ramadan"]) == "Ahmed Ramadan contributed to this report."
    article = make_article(
        contributors=[make_person("Ahmed Ramadan"), make_person("Suzan Haidamous")]
    )
    assert (
        article.contributors_line == "Ahmed Ramadan and Suzan Haidamous contributed to this report."
    )
    assert contributors_line(["A", "B", "C"]) == "A, B and C contributed to this report."


def test_byline_follows_credit_order_not_creation_order():
    a, b = make_person("First Written"), make_person("Second Written")
    article = make_article(authors=[a, b])
    article.credits.filter(person=a).update(order=5)
    article.refresh_from_db()
    assert article.byline == "By Second Written and First Written"
