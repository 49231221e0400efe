"""The admin site, which lets staff in only with a password and a code from an app.

`admin.site` is `StaffAdminSite` (certportal/apps.py makes it the default site), so
every ModelAdmin registered with `@admin.register` is behind it:

1. The password, on Django's admin login page (django-axes throttles it).
2. The code, at `admin:two_factor`: a staff user with no authenticator app yet is
   shown a new secret (a QR code and the key as text) and confirms it with a code;
   one who has an app types its code. Then django-otp marks the session verified.

The site also serves the catalog's freshness report (`catalog.admin_freshness`) at
`admin:catalog_freshness`, and its index shows how much of the catalog is stale.

`has_permission()` asks for that verified session, so without it every admin page
sends the user back to the login, which sends them on to the code. A wrong code is
a failed login for django-axes (5 lock the account on that address for 15 minutes)
and slows django-otp's own throttle (each failure doubles the wait).
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.timesince import timeuntil
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


class CodeForm(forms.Form):
    """The 6-digit code from the user's authenticator app, checked against `device`."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6 digits your app shows now, for example 123456.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your app."},
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                "Enter the code as 6 digits, like 123456.", code="format"
            )
        with transaction.atomic():
            # Locked, so two requests can't both use one code (django-otp's way).
            device = TOTPDevice.objects.select_for_update().get(pk=self.device.pk)
            allowed, refusal = device.verify_is_allowed()
            verified = allowed and device.verify_token(code)
        self.device = device
        if not allowed:
            wait = max(
                1, int((refusal["locked_until"] - timezone.now()).total_seconds())
            )
            raise forms.ValidationError(
                "Too many wrong codes in a row. Wait %(wait)s, then enter the code "
                "your app shows then.",
                code="throttled",
                params={
                    "wait": f"{wait} seconds"
                    if wait < 120
                    else timeuntil(refusal["locked_until"])
                },
            )
        if not verified:
            raise forms.ValidationError(
                "That code is not right. Enter the code your app shows now; it "
                "changes every 30 seconds.",
                code="wrong",
            )
        return code


def qr_code_svg(device):
    """The device's otpauth:// URL as an inline <svg>: no inline style, no script."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, light="#fff", title="QR code for your authenticator app"
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


def grouped_secret(device):
    """The secret as authenticator apps ask for it when typed: base32, in fours."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def is_verified(user):
    """Has this session passed the code step? (OTPMiddleware sets `otp_device`; a
    user just logged in with the password, during that request, has none.)"""
    return getattr(user, "otp_device", None) is not None


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and is_verified(request.user)

    def needs_code(self, request):
        user = request.user
        return user.is_active and user.is_staff and not is_verified(user)

    def get_urls(self):
        from catalog import admin_freshness  # the catalog's models load after this

        return [
            path("login/code/", self.two_factor, name="two_factor"),
            *admin_freshness.urls(self),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        """The index, with how many catalog facts are stale (the freshness report,
        `catalog.admin_freshness`) for those who may read the report."""
        from catalog import admin_freshness

        extra_context = {
            "freshness_stale_count": admin_freshness.stale_count(request.user),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def two_factor_url(self, next_url):
        url = reverse("admin:two_factor", current_app=self.name)
        return f"{url}?{urlencode({'next': next_url})}"

    def login(self, request, extra_context=None):
        """Django's login for the password; a staff user is then sent on to the code."""
        if request.method == "GET" and self.needs_code(request):
            return HttpResponseRedirect(self.two_factor_url(self.next_url(request)))
        response = super().login(request, extra_context)
        logged_in = request.method == "POST" and response.status_code == 302
        if logged_in and self.needs_code(request):
            return HttpResponseRedirect(self.two_factor_url(response["Location"]))
        return response

    def next_url(self, request):
        next_url = request.POST.get("next") or request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return next_url
        return reverse("admin:index", current_app=self.name)

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def two_factor(self, request):
        """The second step: set up an authenticator app, or type its code.

        Template `admin/two_factor.html`; `enrolling` says which of the two it shows.
        """
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(
                request.get_full_path(), reverse("admin:login", current_app=self.name)
            )
        next_url = self.next_url(request)
        if is_verified(user):
            return HttpResponseRedirect(next_url)
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        enrolling = device is None
        if enrolling:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
            if device is None:
                device = TOTPDevice.objects.create(
                    user=user, name=DEVICE_NAME, confirmed=False
                )
        form = CodeForm(request.POST or None, device=device)
        if form.is_valid():
            device = form.device
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        if form.is_bound:
            # A wrong code counts as a failed login for django-axes; at the limit
            # AxesMiddleware answers with the lockout page, and the password
            # session goes.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=request,
            )
            if getattr(request, "axes_locked_out", False):
                logout(request)
        context = {
            **self.each_context(request),
            "title": "Set up your authenticator app"
            if enrolling
            else "Enter the code from your authenticator app",
            "form": form,
            "enrolling": enrolling,
            "next": next_url,
            "issuer": settings.OTP_TOTP_ISSUER,
        }
        if enrolling:
            context["qr_code"] = qr_code_svg(device)
            context["secret"] = grouped_secret(device)
        request.current_app = self.name
        return TemplateResponse(request, "admin/two_factor.html", context)
