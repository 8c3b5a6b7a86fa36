"""The newsroom's roles as Django groups. (Filled in by the foundation work.)"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("media_gallery", "0001_initial"),
        ("publishing", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
