"""The photo desk in a real browser (headless Chromium): bulk upload, captioning in place,
the focal point by clicking, and reordering a gallery."""

import pytest
from django.urls import reverse

from media_gallery.models import Photo
from media_gallery.renditions import generate_renditions
from publishing.models import Status
from tests.factories import make_gallery, make_photo, make_user

from .files import jpeg, png_header_only

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "photo-desk-test-password"


@pytest.fixture
def superuser_page(page, live_server):
    """A browser page logged in to the admin as a superuser; CSP violations are collected."""
    make_user("picture-editor", superuser=True, password=PASSWORD)
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "picture-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.base = live_server.url
    return page


def test_bulk_upload_in_the_browser_keeps_the_good_files_and_names_the_bad_one(superuser_page):
    gallery = make_gallery("Aleppo under fire", status=Status.DRAFT)
    page = superuser_page
    page.goto(page.base + reverse("admin:media_gallery_gallery_bulk_upload", args=[gallery.pk]))
    files = [
        {"name": f"aleppo-{n}.jpg", "mimeType": "image/jpeg", "buffer": jpeg(640, 480, seed=n)}
        for n in range(1, 5)
    ]
    files.insert(
        2, {"name": "bomb.png", "mimeType": "image/png", "buffer": png_header_only(30000, 30000)}
    )
    page.set_input_files("#id_files", files)
    page.click("#bulk-upload-form input[type=submit]")
    page.wait_for_selector("#bulk-status:has-text('Done: 4 added, 1 refused.')", timeout=60000)

    refused = page.inner_text("#bulk-refused")
    assert "bomb.png" in refused and "30000×30000 pixels" in refused
    assert page.locator("#bulk-added li").count() == 4
    assert page.get_attribute("#bulk-bar", "value") == "5"
    assert page.inner_text("#gallery-count") == "4"
    names = [item.photo.original_filename for item in gallery.items.select_related("photo")]
    assert names == ["aleppo-1.jpg", "aleppo-2.jpg", "aleppo-3.jpg", "aleppo-4.jpg"]
    assert all(item.photo.renditions.exists() for item in gallery.items.all())
    assert page.csp_errors == []


def test_caption_typed_in_the_captioning_list_is_saved(superuser_page):
    done = make_photo(caption="Done already", credit="AP", alt_text="A street")
    todo = make_photo(caption="", credit="", alt_text="", original_filename="IMG_0042.jpg")
    page = superuser_page
    page.goto(page.base + reverse("admin:media_gallery_photo_changelist"))
    assert "1 photo still needs text" in page.inner_text("#captioning-left")
    row = page.locator("#result_list tbody tr", has_text="IMG_0042.jpg")
    row.locator("textarea[name$='-caption']").fill("Rebels rest in Aleppo’s old city.")
    row.locator("input[name$='-credit']").fill("AP Photo/Narciso Contreras")
    row.locator("textarea[name$='-alt_text']").fill("Three men sit against a stone wall")
    page.click("#changelist-form input[name=_save]")
    page.wait_for_selector("#captioning-left:has-text('Every photo has its caption')")
    todo.refresh_from_db()
    assert todo.caption == "Rebels rest in Aleppo’s old city."
    assert todo.credit == "AP Photo/Narciso Contreras"
    done.refresh_from_db()
    assert done.caption == "Done already"
    assert page.csp_errors == []


def test_focal_point_set_by_clicking_on_the_picture(superuser_page):
    photo = make_photo(1600, 900)
    generate_renditions(photo)
    page = superuser_page
    page.goto(page.base + reverse("admin:media_gallery_photo_change", args=[photo.pk]))
    picture = page.locator(".focal-picker img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert abs(float(page.input_value("#id_focal_x")) - 0.25) < 0.01
    assert abs(float(page.input_value("#id_focal_y")) - 0.75) < 0.01
    old = set(photo.renditions.values_list("file", flat=True))
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    photo.refresh_from_db()
    assert abs(photo.focal_x - 0.25) < 0.01 and abs(photo.focal_y - 0.75) < 0.01
    assert not old & set(photo.renditions.values_list("file", flat=True))
    assert page.csp_errors == []


def test_gallery_photos_reordered_in_the_browser(superuser_page):
    first, second, third = (make_photo(caption=name) for name in ("First", "Second", "Third"))
    gallery = make_gallery(status=Status.DRAFT, photos=[first, second, third])
    page = superuser_page
    page.goto(page.base + reverse("admin:media_gallery_gallery_change", args=[gallery.pk]))
    rows = page.locator(".gallery-photos tbody tr.form-row:not(.empty-form)")
    rows.nth(2).locator("button[aria-label='Move up']").click()  # First, Third, Second
    assert page.input_value("input[name='items-2-order']") == "1"
    last = rows.nth(2)
    height = last.bounding_box()["height"]
    # First dragged by its handle onto the lower half of the last row: it goes to the end.
    rows.nth(0).locator(".drag-handle").drag_to(last, target_position={"x": 20, "y": height - 4})
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert [item.photo.caption for item in gallery.items.all()] == ["Third", "Second", "First"]
    assert list(gallery.items.values_list("order", flat=True)) == [0, 1, 2]
    assert Photo.objects.count() == 3
