"""The form reader the admin tests post with sends what a browser would send, no more: if it
sent a disabled field or an unticked box, a test could pass on data no person could submit."""

import pytest

from tests.forms import form_data

PAGE = """
<form id="logout-form" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
<button type="submit">Log out</button></form>
<form id="article_form" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input name="headline" value="Rebels &amp; the airport">
  <input type="TEXT" name="kicker">
  <input type="text" name="locked" value="stored" disabled>
  <fieldset disabled><input name="in_disabled_fieldset" value="x"></fieldset>
  <input type="checkbox" name="material_update">
  <input type="checkbox" name="is_pinned" checked>
  <input type="radio" name="kind" value="news">
  <input type="radio" name="kind" value="analysis" checked>
  <input type="submit" name="_save" value="Save">
  <input type="file" name="image">
  <textarea name="body">
<p>First line &amp; more.</p>&lt;b&gt;</textarea>
  <textarea name="notes"></textarea>
  <select name="section"><option value="">---------</option><option value="7">World</option>
  </select>
  <select name="status"><option value="draft">Draft</option>
    <option value="ready" selected>Ready for edit</option></select>
  <select name="tags" multiple><option value="1" selected>Syria</option><option value="2">War</option>
    <option value="3" selected>Aleppo</option></select>
  <select name="people" multiple><option value="1">Ann</option></select>
  <select name="role"><option disabled>Choose</option><option>  Byline   author </option></select>
  <select name="frozen" disabled><option value="1" selected>One</option></select>
  <input name="credits-0-person" value="4">
  <input name="credits-__prefix__-person" value="">
  <select name="credits-__prefix__-role"><option value="byline">Byline</option></select>
</form>
<form id="other"><input name="headline" value="Not this form"></form>
"""


def test_the_form_is_read_as_a_browser_would_send_it():
    assert form_data(PAGE, "article_form") == {
        "csrfmiddlewaretoken": "t",
        "headline": "Rebels & the airport",
        "kicker": "",
        "is_pinned": "on",
        "kind": "analysis",
        "body": "<p>First line & more.</p><b>",
        "notes": "",
        "section": "",
        "status": "ready",
        "tags": ["1", "3"],
        "role": "Byline author",
        "credits-0-person": "4",
    }


def test_changes_replace_values_and_none_takes_a_field_out():
    data = form_data(PAGE, "article_form", headline="Airport taken", is_pinned=None, kicker="Syria")
    assert data["headline"] == "Airport taken" and data["kicker"] == "Syria"
    assert "is_pinned" not in data


def test_the_form_is_chosen_by_its_id_and_a_missing_one_is_an_error():
    assert form_data(PAGE, "other") == {"headline": "Not this form"}
    assert form_data(PAGE, "logout-form") == {"csrfmiddlewaretoken": "t"}
    with pytest.raises(LookupError, match='no form with id "article-form"'):
        form_data(PAGE, "article-form")
