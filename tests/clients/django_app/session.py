"""What test_django.py runs through Django against one server: migrate, ORM work, inspectdb,
migrate back to zero. Each step returns plain values so the two servers' runs compare.

configure() sets Django up once per process; use(server) points the "default" connection
at a server's database (closing the old connection), so the same process can run the
session against pgsnake and against the oracle in turn."""
import datetime
import decimal
import io

import django
from django.conf import settings

APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.postgres",
        "django_app"]


def configure():
    if not settings.configured:
        settings.configure(
            INSTALLED_APPS=APPS, USE_TZ=True, TIME_ZONE="UTC",
            DATABASES={"default": {"ENGINE": "django.db.backends.postgresql",
                                   "NAME": "postgres"}},
            DEFAULT_AUTO_FIELD="django.db.models.BigAutoField")
        django.setup()


def use(host, port, user, dbname):
    from django.db import connections
    conn = connections["default"]
    conn.close()
    conn.settings_dict.update(HOST=host, PORT=str(port), USER=user, NAME=dbname)


def close():
    from django.db import connections
    connections["default"].close()


def migrate(*args):
    from django.core.management import call_command
    out = io.StringIO()
    call_command("migrate", *args, verbosity=1, interactive=False, stdout=out)
    return [line.replace(" OK", "").strip() for line in out.getvalue().splitlines()
            if line.strip().startswith(("Applying", "Unapplying"))]


def inspectdb(*tables):
    from django.core.management import call_command
    out = io.StringIO()
    call_command("inspectdb", *tables, stdout=out)
    return out.getvalue()


def table_names():
    from django.db import connection
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def applied_migrations():
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    return sorted((m.app, m.name) for m in MigrationRecorder(connection).migration_qs.all())


def when(day, hour=12):
    return datetime.datetime(2024, 1, day, hour, tzinfo=datetime.timezone.utc)


def orm_session():
    """CRUD and queries through the ORM; returns what they read."""
    from django.db import IntegrityError, transaction
    from django.db.models import (Avg, Count, Exists, F, Max, OuterRef, Q, Subquery, Sum,
                                  TextField, Value, Window)
    from django.db.models.functions import Coalesce, Lower, RowNumber, Rank, Upper
    from django_app.models import Author, Book, Review, Tag

    out = {}
    ann = Author.objects.create(name="Ann", email="ann@example.org",
                                born=datetime.date(1970, 5, 1))
    bob = Author.objects.create(name="Bob", email="bob@example.org", bio="writes")
    cat = Author.objects.create(name="cat", email="cat@example.org", active=False)
    tags = Tag.objects.bulk_create([Tag(name=n, slug=n) for n in ("sf", "crime", "poetry")])
    out["tag_ids_returned"] = all(t.pk is not None for t in tags)
    books = Book.objects.bulk_create([
        Book(title="Dune", author=ann, editor=bob, pages=412, price=decimal.Decimal("9.99"),
             published=when(1), meta={"lang": "en", "series": {"n": 1}}, keywords=["sand"],
             sold=5, ratio=decimal.Decimal("0.5"), edition=2),
        Book(title="Ice", author=ann, pages=120, price=decimal.Decimal("19.50"),
             published=when(2), meta={"lang": "de"}, keywords=["cold", "snow"], rating=4),
        Book(title="Verse", author=bob, editor=ann, pages=64, price=decimal.Decimal("5.00"),
             published=when(3), meta={"lang": "en", "tags": ["a", "b"]}, rating=5),
        Book(title="Noir", author=cat, pages=300, price=decimal.Decimal("12.00"),
             published=when(4), meta={}, keywords=[], sold=100),
    ])
    dune, ice, verse, noir = books
    dune.tags.set([tags[0]])
    ice.tags.set([tags[0], tags[1]])
    verse.tags.add(tags[2])
    noir.tags.add(tags[1])
    Review.objects.bulk_create([
        Review(book=dune, stars=5, body="great", duration=datetime.timedelta(hours=2),
               ip="10.0.0.1"),
        Review(book=dune, stars=3, body="long"),
        Review(book=verse, stars=4, body="short", ip="::1"),
    ])

    def titles(qs):
        return list(qs.order_by("title").values_list("title", flat=True))

    out["filter"] = titles(Book.objects.filter(pages__gt=100, price__lt=20))
    out["exclude"] = titles(Book.objects.exclude(author__name__iexact="ann"))
    out["icontains"] = titles(Book.objects.filter(title__icontains="E"))
    out["in_range"] = titles(Book.objects.filter(published__range=(when(2), when(3))))
    out["date_lookup"] = titles(Book.objects.filter(published__date=datetime.date(2024, 1, 3)))
    out["year"] = Book.objects.filter(published__year=2024).count()
    out["isnull"] = titles(Book.objects.filter(editor__isnull=True))
    out["q_or"] = titles(Book.objects.filter(Q(rating__gte=5) | Q(sold__gt=50)))
    out["json_key"] = titles(Book.objects.filter(meta__lang="en"))
    out["json_nested"] = titles(Book.objects.filter(meta__series__n=1))
    out["json_has_key"] = titles(Book.objects.filter(meta__has_key="tags"))
    out["json_contains"] = titles(Book.objects.filter(meta__contains={"lang": "de"}))
    out["json_values"] = sorted(map(str, Book.objects.values_list("meta__lang", flat=True)))
    out["array_contains"] = titles(Book.objects.filter(keywords__contains=["cold"]))
    out["array_len"] = titles(Book.objects.filter(keywords__len=0))
    out["array_index"] = titles(Book.objects.filter(keywords__0="sand"))
    out["array_overlap"] = titles(Book.objects.filter(keywords__overlap=["snow", "sand"]))
    out["m2m"] = titles(Book.objects.filter(tags__name="sf"))
    out["reverse_fk"] = sorted(Author.objects.filter(books__pages__gt=300)
                               .values_list("name", flat=True).distinct())
    out["annotate_count"] = list(Author.objects.annotate(n=Count("books")).order_by("name")
                                 .values_list("name", "n"))
    out["aggregate"] = {k: str(v) for k, v in Book.objects.aggregate(
        total=Sum("pages"), avg=Avg("price"), top=Max("published"), n=Count("id")).items()}
    out["group_by"] = list(Book.objects.values("author__name").annotate(
        pages=Sum("pages")).order_by("author__name").values_list("author__name", "pages"))
    out["f_expr"] = titles(Book.objects.filter(sold__gt=F("edition") * 2))
    newest = Book.objects.filter(author=OuterRef("pk")).order_by("-published")
    out["subquery"] = list(Author.objects.annotate(
        latest=Subquery(newest.values("title")[:1])).order_by("name")
        .values_list("name", "latest"))
    out["exists"] = sorted(Author.objects.filter(
        Exists(Review.objects.filter(book__author=OuterRef("pk"), stars__gte=4)))
        .values_list("name", flat=True))
    out["window"] = list(Book.objects.annotate(
        rn=Window(RowNumber(), partition_by=F("author"), order_by=F("pages").desc()),
        rk=Window(Rank(), order_by=F("price").asc()))
        .order_by("title").values_list("title", "rn", "rk"))
    out["functions"] = list(Author.objects.annotate(
        up=Upper("name"), low=Lower("name"), b=Coalesce("bio", Value("-"), output_field=TextField()))
        .order_by("pk").values_list("up", "low", "b"))
    out["select_related"] = [(b.title, b.author.name, b.editor and b.editor.name)
                             for b in Book.objects.select_related("author", "editor")
                             .order_by("title")]
    out["prefetch"] = [(a.name, sorted(b.title for b in a.books.all()))
                       for a in Author.objects.prefetch_related("books").order_by("name")]
    out["review_values"] = [(r.stars, r.duration and str(r.duration), r.ip)
                            for r in Review.objects.order_by("id")]

    # Updates: update(), F() arithmetic, update_or_create, get_or_create.
    out["update"] = Book.objects.filter(author=ann).update(sold=F("sold") + 10)
    obj, created = Tag.objects.update_or_create(name="sf", defaults={"slug": "science"})
    out["update_or_create_existing"] = (created, obj.slug)
    obj, created = Tag.objects.update_or_create(name="new", defaults={"slug": "n"})
    out["update_or_create_new"] = (created, obj.slug)
    out["get_or_create"] = Tag.objects.get_or_create(name="new")[1]
    dune.rating = 2
    ice.rating = 3
    out["bulk_update"] = Book.objects.bulk_update([dune, ice], ["rating"])

    # Transactions: nested atomic blocks are savepoints; select_for_update inside one.
    with transaction.atomic():
        locked = list(Book.objects.select_for_update().filter(author=bob)
                      .values_list("title", flat=True))
        Author.objects.filter(pk=bob.pk).update(bio="edited")
        try:
            with transaction.atomic():
                Tag.objects.create(name="tmp", slug="t")
                Tag.objects.create(name="tmp", slug="dup")
        except IntegrityError as e:
            out["inner_error"] = e.__cause__.sqlstate
        with transaction.atomic():
            Tag.objects.create(name="kept", slug="k")
    out["locked"] = locked
    out["after_atomic"] = sorted(Tag.objects.values_list("name", flat=True))
    try:
        with transaction.atomic():
            Author.objects.filter(pk=bob.pk).update(bio="rolled back")
            raise RuntimeError
    except RuntimeError:
        pass
    out["rolled_back"] = Author.objects.get(pk=bob.pk).bio
    with transaction.atomic():
        out["skip_locked"] = len(Book.objects.select_for_update(skip_locked=True, of=("self",))
                                 .select_related("author").filter(pk=dune.pk))

    # Constraint violations surface as Django's exceptions with PostgreSQL's SQLSTATEs.
    for name, fn in (
            ("check", lambda: Book.objects.create(
                title="Zero", author=bob, pages=0, price=1, published=when(5))),
            ("partial_unique", lambda: Book.objects.create(
                title="Ice", author=bob, pages=1, price=1, published=when(5))),
            ("unique_together", lambda: Book.objects.create(
                title="Dune", author=ann, pages=1, price=1, published=when(5), edition=3,
                sold=5)),
            ("protect", lambda: Book.objects.filter(pk=verse.pk).delete())):
        try:
            with transaction.atomic():
                fn()
            out[name] = "no error"
        except Exception as e:   # IntegrityError or ProtectedError
            cause = e.__cause__
            out[name] = (type(e).__name__, getattr(cause, "sqlstate", None))
    # Deletes: cascade through the foreign keys and the many-to-many table.
    Review.objects.filter(book__author=cat).delete()
    out["delete_cascade"] = cat.delete()[1]
    out["editor_set_null"] = Book.objects.filter(editor__isnull=True).count()
    out["raw"] = [r.title for r in Book.objects.raw(
        "SELECT id, title FROM django_app_book WHERE pages > %s ORDER BY title", [100])]
    return out


def auth_session():
    """contrib.auth as a project uses it: users, groups, permissions, password check."""
    from django.contrib.auth.models import Group, Permission, User
    from django.db import transaction
    out = {}
    user = User.objects.create_user("alice", "a@example.org", "pw")
    out["count"] = User.objects.filter(username__startswith="al").count()
    group = Group.objects.create(name="staff")
    user.groups.add(group)
    group.permissions.set(Permission.objects.filter(codename__in=["add_book", "view_book"]))
    out["permissions"] = sorted(Permission.objects.filter(content_type__app_label="django_app")
                                .values_list("codename", flat=True))
    out["in_group"] = list(User.objects.filter(groups__name="staff")
                           .values_list("username", flat=True))
    out["has_perm"] = User.objects.get(pk=user.pk).has_perm("django_app.view_book")
    out["password_ok"] = User.objects.get(username="alice").check_password("pw")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(first_name="A")
        with transaction.atomic():
            Group.objects.filter(name="staff").delete()
    out["groups_left"] = Group.objects.count()
    user.delete()
    out["users_left"] = User.objects.count()
    return out
