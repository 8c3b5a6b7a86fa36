"""Background work for the content API: webhook deliveries and scheduled go-lives, run by the
django-tasks worker (`manage.py db_worker`), at once in tests."""

from datetime import datetime

from django.apps import apps
from django_tasks import task


@task()
def deliver(delivery_id):
    """Send one webhook delivery (skipped once delivered or given up)."""
    from .models import Delivery
    from .webhooks import send

    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (Delivery.Status.DELIVERED, Delivery.Status.FAILED):
        return None
    return send(delivery).status


@task()
def announce_go_live(model_label, pk, moment):
    """A scheduled or embargoed item's moment has come: tell partners it is published, if it
    is still due now (a rescheduled item has its own task for its new moment)."""
    from .receivers import went_live_event

    model = apps.get_model(model_label)
    item = model._base_manager.filter(pk=pk).first()
    if item is None:
        return False
    return went_live_event(item, datetime.fromisoformat(moment))
