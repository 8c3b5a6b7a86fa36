"""The photo desk's admin, through the test client (pytest-django's `admin_client`, a
superuser): bulk upload, captioning, cover, focal point, usage and the refusal to delete a photo
in use."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Person, TimelineEvent
from media_gallery.models import Gallery, Photo
from media_gallery.renditions import generate_renditions
from publishing.models import Status
from tests.factories import make_article, make_gallery, make_photo, make_timeline, make_user
from tests.forms import form_data
from tests.staff import client_for

from .files import exiftool_write, jpeg, png_header_only, upload

pytestmark = pytest.mark.django_db


def file_url(gallery):
    return reverse("admin:media_gallery_gallery_bulk_upload_file", args=[gallery.pk])


# --- bulk upload ---


def test_bulk_upload_keeps_the_good_files_in_order_and_reports_the_bad_one_by_name(
    admin_client, django_capture_on_commit_callbacks
):
    gallery = make_gallery(status=Status.DRAFT, photos=[make_photo()])
    names = [f"aleppo-{n}.jpg" for n in range(1, 7)]
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for number, name in enumerate(names):
            data = jpeg(640, 480, seed=number)
            if number == 3:
                data = data[: len(data) // 3]  # cut short in transfer
            answers.append(admin_client.post(file_url(gallery), {"file": upload(name, data)}))

    assert [a.status_code for a in answers] == [201, 201, 201, 400, 201, 201]
    refusal = answers[3].json()
    assert refusal["name"] == "aleppo-4.jpg"
    assert "incomplete or damaged" in refusal["error"]
    items = list(gallery.items.select_related("photo"))
    assert [item.photo.original_filename for item in items[1:]] == [
        "aleppo-1.jpg",
        "aleppo-2.jpg",
        "aleppo-3.jpg",
        "aleppo-5.jpg",
        "aleppo-6.jpg",
    ]
    assert [item.order for item in items] == [0, 1, 2, 3, 4, 5]
    assert Photo.objects.filter(original_filename="aleppo-4.jpg").count() == 0
    # Renditions were handed to the background task (run at once in tests).
    assert all(item.photo.renditions.count() == 2 * 7 for item in items[1:])  # 2 widths, 5 crops
    assert answers[0].json()["photo"]["change_url"].endswith(f"/{items[1].photo.pk}/change/")


def test_bulk_upload_prefills_captions_from_the_files_metadata(admin_client, tmp_path):
    gallery = make_gallery(status=Status.DRAFT)
    data = exiftool_write(
        jpeg(),
        "-XMP-dc:Description=Rebels in Aleppo",
        "-XMP-photoshop:Credit=AP",
        tmp_path=tmp_path,
    )
    answer = admin_client.post(file_url(gallery), {"file": upload("wire.jpg", data)})
    assert answer.status_code == 201
    assert answer.json()["photo"]["caption"] == "Rebels in Aleppo"
    assert gallery.items.get().photo.credit == "AP"


def test_bulk_upload_without_javascript_posts_all_files_at_once(admin_client):
    gallery = make_gallery(status=Status.DRAFT)
    page = reverse("admin:media_gallery_gallery_bulk_upload", args=[gallery.pk])
    assert admin_client.get(page).status_code == 200
    response = admin_client.post(
        page,
        {
            "files": [
                upload("one.jpg", jpeg(seed=1)),
                upload("bomb.png", png_header_only(30000, 30000)),
                upload("two.jpg", jpeg(seed=2)),
            ]
        },
    )
    html = response.content.decode()
    assert "Done: 2 added, 1 refused." in html
    assert "bomb.png" in html and "30000×30000 pixels" in html
    assert [i.photo.original_filename for i in gallery.items.all()] == ["one.jpg", "two.jpg"]


def test_bulk_upload_needs_the_right_to_add_photos(client):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="change_gallery"))
    gallery = make_gallery(status=Status.DRAFT, created_by=user)  # hers to change
    client.force_login(user)
    answer = client.post(file_url(gallery), {"file": upload("a.jpg", jpeg())})
    assert answer.status_code == 403
    assert not Photo.objects.exists()
    user.user_permissions.add(Permission.objects.get(codename="add_photo"))
    assert client.post(file_url(gallery), {"file": upload("a.jpg", jpeg())}).status_code == 201


def test_only_an_editor_adds_photos_to_a_published_gallery(photo_desk_member, editor):
    gallery = make_gallery(status=Status.PUBLISHED, created_by=photo_desk_member)
    answer = client_for(photo_desk_member).post(
        file_url(gallery), {"file": upload("a.jpg", jpeg())}
    )
    assert answer.status_code == 403
    assert not gallery.items.exists()
    answer = client_for(editor).post(file_url(gallery), {"file": upload("a.jpg", jpeg())})
    assert answer.status_code == 201


def test_bulk_upload_answers_get_with_not_allowed(admin_client):
    gallery = make_gallery(status=Status.DRAFT)
    assert admin_client.get(file_url(gallery)).status_code == 405


# --- adding and editing a photo ---


def test_admin_upload_fills_empty_fields_from_the_file_and_keeps_typed_ones(
    admin_client, admin_user, tmp_path, django_capture_on_commit_callbacks
):
    data = exiftool_write(
        jpeg(1400, 900),
        "-XMP-dc:Description=Wire caption",
        "-XMP-photoshop:Credit=Wire credit",
        tmp_path=tmp_path,
    )
    add_url = reverse("admin:media_gallery_photo_add")
    fields = form_data(admin_client.get(add_url), "photo_form")
    fields.update({"image": upload("wire.jpg", data), "caption": "Typed caption"})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(add_url, fields, follow=True)
    assert response.status_code == 200
    photo = Photo.objects.get()
    assert photo.caption == "Typed caption"
    assert photo.credit == "Wire credit"
    assert photo.metadata_sources == {"credit": "XMP photoshop:Credit"}
    assert photo.uploaded_by == admin_user
    assert photo.renditions.count() == 2 * 9  # 4 widths and 5 crops, made before the response
    assert "Filled from the file&#x27;s metadata: credit line." in response.content.decode()


def test_admin_upload_of_a_bomb_is_a_form_error_and_stores_nothing(admin_client, media_in_tmp):
    add_url = reverse("admin:media_gallery_photo_add")
    fields = form_data(admin_client.get(add_url), "photo_form")
    fields["image"] = upload("bomb.png", png_header_only(30000, 30000))
    response = admin_client.post(add_url, fields)
    assert response.status_code == 200
    assert "This image is 30000×30000 pixels; the limit is 60 megapixels." in (
        response.content.decode()
    )
    assert not Photo.objects.exists()
    assert not [p for p in media_in_tmp.rglob("*") if p.is_file()]


def test_focal_point_typed_in_the_admin_remakes_the_crops(
    admin_client, django_capture_on_commit_callbacks
):
    photo = make_photo(1600, 900)
    generate_renditions(photo)
    before = rendition_names(photo)
    change_url = reverse("admin:media_gallery_photo_change", args=[photo.pk])
    page = admin_client.get(change_url)
    assert 'class="focal-picker"' in page.content.decode()
    fields = form_data(page, "photo_form")
    fields.update({"focal_x": "0.9", "focal_y": "0.2"})
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(change_url, fields).status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.9, 0.2)
    assert not set(rendition_names(photo)) & set(before)


def rendition_names(photo):
    return list(photo.renditions.values_list("file", flat=True))


def test_photo_page_shows_where_it_is_used_and_what_came_from_the_file(admin_client):
    photo = make_photo(metadata_sources={"caption": "IPTC 2:120 Caption-Abstract"})
    article = make_article("Syrian general defects", lead_photo=photo)
    make_gallery("Aleppo under fire", photos=[photo])
    html = admin_client.get(
        reverse("admin:media_gallery_photo_change", args=[photo.pk])
    ).content.decode()
    assert "Article “Syrian general defects” (published): lead photo" in html
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "Photo gallery “Aleppo under fire” (published): one of its photos" in html
    assert "IPTC 2:120 Caption-Abstract" in html


# --- captioning ---


def test_captioning_list_puts_photos_missing_text_first_with_a_count(admin_client):
    done = make_photo(caption="Done", credit="AP", alt_text="A street")
    no_caption = make_photo(caption="", credit="AP", alt_text="A street")
    no_alt = make_photo(caption="Caption", credit="AP", alt_text="")
    make_photo(caption="Also done", credit="AP", alt_text="A square")
    response = admin_client.get(reverse("admin:media_gallery_photo_changelist"))
    html = response.content.decode()
    assert "2 photos still need text" in html
    order = [photo.pk for photo in response.context["cl"].result_list]
    assert set(order[:2]) == {no_caption.pk, no_alt.pk}
    assert done.pk in order[2:]


def test_caption_edited_in_place_in_the_captioning_list(admin_client):
    photo = make_photo(caption="", credit="", alt_text="")
    url = reverse("admin:media_gallery_photo_changelist")
    fields = form_data(admin_client.get(url), "changelist-form")
    fields.update(
        {
            "form-0-caption": "Smoke over Homs on Dec. 20, 2012.",
            "form-0-credit": "AP Photo",
            "form-0-alt_text": "Grey smoke above low buildings",
            "_save": "Save",
        }
    )
    fields.pop("action", None)
    response = admin_client.post(url, fields)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Smoke over Homs on Dec. 20, 2012."
    assert photo.credit == "AP Photo" and photo.alt_text == "Grey smoke above low buildings"
    assert (
        "Every photo has its caption, credit and alt text."
        in admin_client.get(url).content.decode()
    )


# --- galleries: cover and order ---


def gallery_form(admin_client, gallery):
    url = reverse("admin:media_gallery_gallery_change", args=[gallery.pk])
    return url, form_data(admin_client.get(url), "gallery_form")


def test_cover_must_be_one_of_the_gallerys_photos(admin_client):
    inside, outside = make_photo(), make_photo()
    gallery = make_gallery(status=Status.DRAFT, photos=[inside])
    url, fields = gallery_form(admin_client, gallery)
    fields["cover_photo"] = str(outside.pk)
    response = admin_client.post(url, fields)
    assert response.status_code == 200  # refused, shown again
    assert "Select a valid choice" in response.content.decode()
    gallery.refresh_from_db()
    assert gallery.cover_photo is None

    fields["cover_photo"] = str(inside.pk)
    assert admin_client.post(url, fields).status_code == 302
    gallery.refresh_from_db()
    assert gallery.cover_photo == inside


def test_removing_the_cover_from_the_gallery_is_refused_with_a_reason(admin_client):
    cover, other = make_photo(), make_photo()
    gallery = make_gallery(status=Status.DRAFT, photos=[cover, other])
    gallery.cover_photo = cover
    gallery.save()
    url, fields = gallery_form(admin_client, gallery)
    fields["items-0-DELETE"] = "on"
    response = admin_client.post(url, fields)
    assert response.status_code == 200
    assert "The cover photo is being removed from this gallery." in response.content.decode()
    assert gallery.items.count() == 2


def test_gallery_order_numbers_can_be_typed(admin_client):
    first, second = make_photo(), make_photo()
    gallery = make_gallery(status=Status.DRAFT, photos=[first, second])
    url, fields = gallery_form(admin_client, gallery)
    fields.update({"items-0-order": "5", "items-1-order": "1"})
    assert admin_client.post(url, fields).status_code == 302
    assert [item.photo for item in gallery.items.all()] == [second, first]


# --- deleting ---


def used_everywhere():
    photo = make_photo(caption="Smoke over Homs")
    make_article("Syrian general defects", lead_photo=photo)
    make_gallery("Aleppo under fire", photos=[photo])
    timeline = make_timeline("Syria's uprising")
    TimelineEvent.objects.create(
        timeline=timeline, date="2012-12-26", headline="A general defects", photo=photo
    )
    Person.objects.create(name="Hussein Malla", slug="hussein-malla", headshot=photo)
    return photo


def test_deleting_a_photo_in_use_is_refused_with_where_it_is_used(admin_client):
    photo = used_everywhere()
    url = reverse("admin:media_gallery_photo_delete", args=[photo.pk])
    html = admin_client.get(url).content.decode()
    assert "This photo is in use, so it cannot be deleted." in html
    for use in (
        "Article “Syrian general defects” (published): lead photo",
        "Photo gallery “Aleppo under fire” (published): one of its photos",
        "Timeline “Syria&#x27;s uprising” (published): photo of the event “A general defects”",
        "Person “Hussein Malla”: headshot",
    ):
        assert use in html
    crafted = admin_client.post(url, {"post": "yes"})  # a crafted confirmation changes nothing
    assert "This photo is in use, so it cannot be deleted." in crafted.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_bulk_delete_with_a_photo_in_use_deletes_nothing(admin_client):
    used, unused = used_everywhere(), make_photo()
    url = reverse("admin:media_gallery_photo_changelist")
    data = {"action": "delete_selected", "_selected_action": [used.pk, unused.pk]}
    html = admin_client.post(url, data).content.decode()
    assert "Nothing was deleted: some of the selected photos are in use." in html
    assert "Photo “Smoke over Homs” is used by" in html
    crafted = admin_client.post(url, {**data, "post": "yes"})
    assert "Nothing was deleted" in crafted.content.decode()
    assert Photo.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


def test_an_unused_photo_is_deleted_with_its_files(
    admin_client, django_capture_on_commit_callbacks
):
    photo = make_photo()
    generate_renditions(photo)
    storage = photo.image.storage
    names = [photo.image.name, *rendition_names(photo)]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:media_gallery_photo_delete", args=[photo.pk]), {"post": "yes"}
        )
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(storage.exists(name) for name in names)


def test_a_gallery_cover_cannot_be_deleted_from_under_it():
    from django.db.models import ProtectedError

    photo = make_photo()
    make_gallery(cover_photo=photo)  # a cover only, not among the gallery's photos
    with pytest.raises(ProtectedError):
        photo.delete()
    assert Gallery.objects.get().cover_photo == photo


def test_lead_photo_autocomplete_finds_photos_by_caption(admin_client):
    make_photo(caption="Smoke over Homs")
    make_photo(caption="Market in Beirut")
    url = reverse("admin:autocomplete")
    answer = admin_client.get(
        url,
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_photo",
            "term": "Homs",
        },
    )
    assert answer.status_code == 200
    assert [item["text"] for item in answer.json()["results"]] == ["Smoke over Homs"]
