"""Forms of the photo desk: a photo with its upload checked, the captioning list, gallery rows
with their cover check, and the bulk upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet

from .models import GalleryPhoto, Photo
from .services import prepare_upload
from .uploads import ACCEPTED

ACCEPT = (
    "image/jpeg,image/png,image/webp,image/gif,image/avif,image/heic,image/heif,"
    ".jpg,.jpeg,.png,.webp,.gif,.avif,.heic,.heif"
)


class PhotoAdminForm(forms.ModelForm):
    """A photo: a new file is checked, cleaned and read here, so a refusal is a form error.

    The prepared upload is kept on the form (`prepared_upload`) for the admin to store when
    the photo is saved; nothing is written to storage while validating.
    """

    image = forms.FileField(
        label="Picture",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=f"{ACCEPTED}. Location data and camera serial numbers are removed; the caption, "
        "credit and date are read from the file into the fields left empty.",
    )

    class Meta:
        model = Photo
        fields = [
            "image",
            "headline",
            "caption",
            "alt_text",
            "credit",
            "photographer",
            "photographer_name",
            "source",
            "copyright",
            "usage_terms",
            "date_taken",
            "keywords",
            "focal_x",
            "focal_y",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "caption": forms.Textarea(attrs={"rows": 4}),
            "usage_terms": forms.Textarea(attrs={"rows": 2}),
            "keywords": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared_upload = None
        if self.instance.pk and "image" in self.fields:
            self.fields["image"].required = False
            self.fields["image"].help_text = "Upload a new file only to replace the picture. " + (
                self.fields["image"].help_text
            )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):  # a new file, not the stored one
            self.prepared_upload = prepare_upload(upload)
        return upload


class CaptioningForm(forms.ModelForm):
    """One row of the captioning list: the text the desk fills in, in place."""

    class Meta:
        model = Photo
        fields = ["caption", "credit", "alt_text"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3, "cols": 40}),
            "credit": forms.TextInput(attrs={"size": 24}),
            "alt_text": forms.Textarea(attrs={"rows": 3, "cols": 28}),
        }


class GalleryPhotoFormSet(BaseInlineFormSet):
    """The gallery's photo rows; also checks that the cover is one of the gallery's photos."""

    def clean(self):
        super().clean()
        cover_id = self.instance.cover_photo_id
        if not cover_id or any(form.errors for form in self.forms):
            return
        kept, removed, shown = set(), set(), set()
        for form in self.forms:
            if form.instance.pk:
                shown.add(form.instance.pk)
            photo = form.cleaned_data.get("photo") if form.cleaned_data else None
            if photo is None:
                continue
            (removed if self._should_delete_form(form) else kept).add(photo.pk)
        if self.instance.pk:  # rows added elsewhere (a bulk upload) since this page was opened
            kept |= set(
                GalleryPhoto.objects.filter(gallery_id=self.instance.pk)
                .exclude(pk__in=shown)
                .values_list("photo_id", flat=True)
            )
        if cover_id in removed and cover_id not in kept:
            raise ValidationError(
                "The cover photo is being removed from this gallery. Choose another cover, or "
                "keep that photo.",
                code="cover_removed",
            )
        if cover_id not in kept:
            raise ValidationError(
                "The cover photo must be one of this gallery's photos. Add it below, save, and "
                "then choose it as the cover; or choose another cover.",
                code="cover_not_in_gallery",
            )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each is checked on its own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class BulkUploadForm(forms.Form):
    files = MultipleFileField(label="Photos", required=True)
