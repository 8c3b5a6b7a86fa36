"""The desk's admin header: how many notifications are unread."""

from django import template

from publishing import display

from ..services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return 0
    return unread_count(user)


@register.filter
def moment(value):
    return display.moment(value)


@register.filter
def person(user):
    return display.person(user)
