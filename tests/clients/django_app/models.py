"""Models of the test app: one of each common field type, a foreign key with each common
on_delete, a many-to-many, unique_together, indexes (plain, partial, GIN, expression) and
constraints (a conditional UniqueConstraint, a CheckConstraint)."""
import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower


class Author(models.Model):
    id = models.AutoField(primary_key=True)
    name = models.CharField(max_length=150)
    email = models.CharField(max_length=200, unique=True)
    bio = models.TextField(blank=True, default="")
    born = models.DateField(null=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(Lower("name"), name="author_lower_name")]


class Tag(models.Model):
    name = models.CharField(max_length=30, unique=True)
    slug = models.SlugField(default="")


class Book(models.Model):
    title = models.CharField(max_length=200, db_index=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    editor = models.ForeignKey(Author, on_delete=models.SET_NULL, null=True,
                               related_name="edited")
    tags = models.ManyToManyField(Tag, related_name="books")
    pages = models.IntegerField()
    rating = models.SmallIntegerField(null=True)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    published = models.DateTimeField()
    meta = models.JSONField(default=dict)
    keywords = ArrayField(models.CharField(max_length=20), default=list)
    sold = models.BigIntegerField(default=0)
    ratio = models.DecimalField(max_digits=6, decimal_places=3, null=True)
    edition = models.PositiveIntegerField(default=1)

    class Meta:
        unique_together = [("author", "title")]
        indexes = [
            models.Index(fields=["published", "-pages"], name="book_pub_pages"),
            models.Index(fields=["price"], name="book_cheap", condition=Q(price__lt=10)),
            GinIndex(fields=["meta"], name="book_meta_gin"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["title"], condition=Q(edition=1),
                                    name="book_first_edition_title"),
            models.CheckConstraint(condition=Q(pages__gt=0), name="book_pages_positive"),
            models.CheckConstraint(condition=Q(sold__gte=F("edition") - 1),
                                   name="book_sold_vs_edition"),
        ]


class Review(models.Model):
    id = models.BigAutoField(primary_key=True)
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="reviews")
    stars = models.IntegerField()
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    duration = models.DurationField(null=True)
    ip = models.GenericIPAddressField(null=True)
