"""The desk's sign-in form: the admin's, with the code from an authenticator app for people
who have set one up. A wrong code counts as a failed sign-in for the login throttle."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed

from . import two_factor


class DeskLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
        ),
        help_text="Only if you have set up two-factor sign-in. A recovery code works too.",
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_needed": "Enter the code from your authenticator app (or a recovery code).",
        "code_wrong": "That code is wrong or has expired. Enter the newest code from your app, "
        "or a recovery code.",
    }

    def clean(self):
        cleaned = super().clean()  # the password, checked and throttled by django-axes
        user = self.get_user()
        if user is None or not two_factor.has_second_factor(user):
            return cleaned
        code = cleaned.get("otp_token")
        if not code:
            raise forms.ValidationError(self.error_messages["code_needed"], code="code_needed")
        device = two_factor.verify(user, code)
        if device is None:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            raise forms.ValidationError(self.error_messages["code_wrong"], code="code_wrong")
        # django-otp keeps it in the session when the admin logs the person in.
        user.otp_device = device
        return cleaned
