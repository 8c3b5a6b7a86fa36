"""Admin template tags: the worklist on the admin index."""

from django import template
from django.contrib import admin
from django.urls import reverse

from publishing.models import Publishable
from publishing.worklist import worklist as build_worklist

register = template.Library()


@register.inclusion_tag("admin/publishing/worklist.html", takes_context=True)
def worklist(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"worklist": None}
    user = request.user
    models = [
        model
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, Publishable) and model_admin.has_view_or_change_permission(request)
    ]
    models.sort(key=lambda model: model._meta.verbose_name)

    def change_url(item):
        opts = item._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])

    return {"worklist": build_worklist(user, models, change_url) if models else None}
