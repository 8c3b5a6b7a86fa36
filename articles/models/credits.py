"""Credits: who wrote a story (its byline) and who contributed to it, in order."""

from django.db import models


class Credit(models.Model):
    """A person's credit on an article: in the byline, or in the contributors line."""

    class Role(models.TextChoices):
        BYLINE = "byline", "Byline author"
        CONTRIBUTOR = "contributor", "Contributor"

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey("Person", on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.BYLINE)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = "credit"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="one_credit_per_person_and_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"
